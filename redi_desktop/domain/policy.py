"""The local policy of a CPAS: how the gap becomes a proposed aid. It belongs to the CPAS, not to us.

Read from a YAML or JSON policy file (resources/policies/default.yaml is the default) through
`Policy.from_dict`, which checks every field like the household does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .fields import Field, FieldReader, join, labels
from .household import CATEGORIES, RESOURCE_TYPES
from .messages import N_, InvalidInput
from .money import money_str

ACTUAL_COST_CATEGORIES = ("housing", "safe_childhood", "health", "mobility")


@dataclass(frozen=True)
class PolicyIdentity:
    """Who decides, printed on every decision sheet."""

    cpas_name: str = ""
    address: str = ""
    deciding_body: str = ""
    service: str = ""  # the service handling the file, where explanations can be obtained
    tribunal_address: str = ""  # the labour tribunal competent for appeals
    signatories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Policy:
    id: str = "default"
    version: int = 1
    name: str = ""
    share: Decimal = Decimal("1")  # share of the gap covered
    cap: Decimal | None = None  # monthly maximum of the proposed aid
    minimum: Decimal | None = None  # a proposed aid below this is not proposed (administrative threshold)
    count_debt_repayments: bool = True
    income_shares: dict[str, Decimal] = field(default_factory=lambda: {t: Decimal("1") for t in RESOURCE_TYPES})
    actual_cost_categories: tuple[str, ...] = ACTUAL_COST_CATEGORIES
    duration_months: int = 3
    identity: PolicyIdentity = field(default_factory=PolicyIdentity)

    @classmethod
    def from_dict(cls, data: Any) -> Policy:
        r = _PolicyReader()
        d = r.obj(data, "", {f.key for f in POLICY_FIELDS} | {"income_shares", "actual_cost_categories", "identity"},
                  ("id", "version"), root="policy")
        own = {f.key: r.value(d, f, "") for f in POLICY_FIELDS}
        shares = {t: Decimal("1") for t in RESOURCE_TYPES}
        given = r.obj(d.get("income_shares", {}), "income_shares", RESOURCE_TYPES)
        for key in given:
            if key in shares:
                shares[key] = r.value(given, Field(key, "share", key, Decimal("1")), "income_shares")
        categories = []
        for i, c in enumerate(r.list(d, "actual_cost_categories", "")):  # in the policy's own order
            if c not in CATEGORIES:
                r.fail("bad_choice", f"actual_cost_categories[{i}]", value=c)
            elif c not in categories:
                categories.append(c)
        policy = cls(
            **own, income_shares=shares,
            actual_cost_categories=tuple(categories) if "actual_cost_categories" in d else ACTUAL_COST_CATEGORIES,
            identity=PolicyIdentity(**r.group(d.get("identity", {}), "identity", IDENTITY_FIELDS)),
        )
        if r.problems:
            raise InvalidInput(r.problems)
        return policy

    def to_dict(self) -> dict[str, Any]:
        """The policy as `from_dict` reads it back (amounts and shares as strings); the store keeps the
        canonical JSON of this dict by its hash, so its form must not change."""
        d: dict[str, Any] = {
            "id": self.id, "version": self.version, "name": self.name, "share": str(self.share),
            "count_debt_repayments": self.count_debt_repayments,
            "income_shares": {k: str(v) for k, v in sorted(self.income_shares.items())},
            "actual_cost_categories": list(self.actual_cost_categories),
            "duration_months": self.duration_months,
            "identity": {
                "cpas_name": self.identity.cpas_name, "address": self.identity.address,
                "deciding_body": self.identity.deciding_body, "service": self.identity.service,
                "tribunal_address": self.identity.tribunal_address,
                "signatories": list(self.identity.signatories),
            },
        }
        if self.cap is not None:
            d["cap"] = money_str(self.cap)
        if self.minimum is not None:
            d["minimum"] = money_str(self.minimum)
        return d


POLICY_FIELDS = (
    Field("id", "text", N_("policy"), "default", required=True),
    Field("version", "count", N_("version"), 1, required=True, low=1, high=1_000_000, problem="bad_policy_version"),
    Field("name", "text", N_("name"), ""),
    Field("share", "share", N_("share of the gap"), Decimal("1")),
    Field("cap", "amount", N_("cap")),
    Field("minimum", "amount", N_("minimum")),
    Field("count_debt_repayments", "bool", N_("debt repayments counted"), True),
    Field("duration_months", "count", N_("duration in months"), 3, low=1, high=120),
)
IDENTITY_FIELDS = tuple(Field(key, "text", label, "") for key, label in (
    ("cpas_name", N_("name of the CPAS")), ("address", N_("address")), ("deciding_body", N_("deciding body")),
    ("service", N_("service")), ("tribunal_address", N_("address of the labour tribunal")))) + (
    Field("signatories", "texts", N_("signatories"), ()),)
POLICY_LABELS = {**labels(POLICY_FIELDS, IDENTITY_FIELDS), "income_shares": N_("income shares"),
                 "identity": N_("identity"), "actual_cost_categories": N_("categories with actual costs")}


class _PolicyReader(FieldReader):
    def _share(self, d: dict, f: Field, path: str) -> Decimal:
        value = d.get(f.key)
        if value is None:
            return f.default
        try:
            # YAML writes 0.75 as a float: its shortest repr is the text the manager typed
            share = Decimal(str(value)) if isinstance(value, str | int | float) and not isinstance(value, bool) \
                else None
        except InvalidOperation:
            share = None
        if share is None or not share.is_finite() or not 0 <= share <= 1:
            self.fail("bad_share", join(path, f.key))
            return f.default
        return share
