"""The local policy of a CPAS: how the gap becomes a proposed aid, the limits it sets, how its letters are
made and who it is. It belongs to the CPAS, not to us.

Read from a YAML or JSON policy file (resources/policies/default.yaml is the default) through
`Policy.from_dict`, which checks every field like the household does. The policy's name and every identity
text are one string (the same in both languages) or one per language, `{fr: ..., nl: ...}`.

`to_dict()` is what the store hashes: a field added here is written only when it differs from its default,
so that the default policy (and every policy stored before the field existed) keeps its hash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .fields import Field, FieldReader, join, labels, write_group
from .household import CATEGORIES, LANGUAGES, RESOURCE_TYPES
from .messages import N_, InvalidInput
from .money import money_str

ACTUAL_COST_CATEGORIES = ("housing", "safe_childhood", "health", "mobility")
SHEET_LANGUAGES = ("bilingual", "file")  # French and Dutch side by side, or the file's language only
ADDRESS_WINDOWS = ("right", "left")  # where the window of the CPAS's envelopes is
MAX_SIGNATORIES = 4


@dataclass(frozen=True)
class LocalText:
    """A text of the CPAS in French and in Dutch (the same text when it was given once)."""

    fr: str = ""
    nl: str = ""

    def __str__(self) -> str:  # how a text given once reads; two languages side by side otherwise
        return self.fr if self.fr == self.nl or not self.nl else f"{self.fr} / {self.nl}" if self.fr else self.nl

    def __bool__(self) -> bool:
        return bool(self.fr or self.nl)

    def in_lang(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.fr

    def to_json(self) -> str | dict[str, str]:
        return self.fr if self.fr == self.nl else {"fr": self.fr, "nl": self.nl}


NO_TEXT = LocalText()


@dataclass(frozen=True)
class Signatory:
    name: LocalText = NO_TEXT
    title: LocalText = NO_TEXT  # empty: the title the region's law gives (see report.sheet)

    def to_json(self) -> Any:
        return write_group(self, SIGNATORY_FIELDS) if self.title else self.name.to_json()


@dataclass(frozen=True)
class PolicyIdentity:
    """Who decides, printed on every decision letter."""

    cpas_name: LocalText = NO_TEXT
    address: LocalText = NO_TEXT
    place: LocalText = NO_TEXT  # the place written before the date of a letter ("Bruxelles, le ...")
    deciding_body: LocalText = NO_TEXT
    service: LocalText = NO_TEXT  # the service handling the file, where explanations can be obtained
    service_address: LocalText = NO_TEXT  # where the client asks to be heard or for explanations
    contact: LocalText = NO_TEXT  # the service's phone and e-mail
    tribunal_address: LocalText = NO_TEXT  # the labour tribunal competent for appeals
    signatories: tuple[Signatory, ...] = ()


@dataclass(frozen=True)
class Policy:
    id: str = "default"
    version: int = 1
    name: LocalText = NO_TEXT
    share: Decimal = Decimal("1")  # share of the gap covered
    cap: Decimal | None = None  # monthly maximum of the proposed aid
    minimum: Decimal | None = None  # a proposed aid below this is not proposed (administrative threshold)
    count_debt_repayments: bool = True
    max_rent: Decimal | None = None  # the highest rent (or mortgage repayment) counted; None: the actual one
    count_car_costs: bool = True  # False: a car is never counted, the standard mobility is
    income_shares: dict[str, Decimal] = field(default_factory=lambda: {t: Decimal("1") for t in RESOURCE_TYPES})
    actual_cost_categories: tuple[str, ...] = ACTUAL_COST_CATEGORIES
    duration_months: int = 3
    sheet_language: str = "bilingual"
    address_window: str = "right"
    identity: PolicyIdentity = field(default_factory=PolicyIdentity)

    @classmethod
    def from_dict(cls, data: Any) -> Policy:
        r = _PolicyReader()
        keys = {f.key for f in (*POLICY_FIELDS, *LIMIT_FIELDS, *LETTER_FIELDS)}
        d = r.obj(data, "", keys | {"income_shares", "actual_cost_categories", "identity"}, ("id", "version"),
                  root="policy")
        own = {f.key: r.value(d, f, "") for f in (*POLICY_FIELDS, *LIMIT_FIELDS, *LETTER_FIELDS)}
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
        given_identity = r.obj(d.get("identity", {}), "identity", {f.key for f in IDENTITY_FIELDS} | {"signatories"},
                               root="policy")
        identity = {f.key: r.value(given_identity, f, "identity") for f in IDENTITY_FIELDS}
        signatories = tuple(_signatory(r, s, f"identity.signatories[{i}]") for i, s in enumerate(
            r.list(given_identity, "signatories", "identity", limit=MAX_SIGNATORIES)))
        policy = cls(
            **own, income_shares=shares,
            actual_cost_categories=tuple(categories) if "actual_cost_categories" in d else ACTUAL_COST_CATEGORIES,
            identity=PolicyIdentity(**identity, signatories=signatories),
        )
        if r.problems:
            raise InvalidInput(r.problems)
        return policy

    def to_dict(self) -> dict[str, Any]:
        """The policy as `from_dict` reads it back (amounts and shares as strings); the store keeps the
        canonical JSON of this dict by its hash, so the form of what existed before must not change."""
        ident = self.identity
        d: dict[str, Any] = {
            "id": self.id, "version": self.version, "name": self.name.to_json(), "share": str(self.share),
            "count_debt_repayments": self.count_debt_repayments,
            "income_shares": {k: str(v) for k, v in sorted(self.income_shares.items())},
            "actual_cost_categories": list(self.actual_cost_categories),
            "duration_months": self.duration_months,
            "identity": {
                **{f.key: getattr(ident, f.key).to_json() for f in IDENTITY_FIELDS if f.always},
                **write_group(ident, tuple(f for f in IDENTITY_FIELDS if not f.always)),
                "signatories": [s.to_json() for s in ident.signatories],
            },
        }
        if self.cap is not None:
            d["cap"] = money_str(self.cap)
        if self.minimum is not None:
            d["minimum"] = money_str(self.minimum)
        d.update(write_group(self, LIMIT_FIELDS + LETTER_FIELDS))
        return d

    def name_in(self, lang: str) -> str:
        return self.name.in_lang(lang) or self.name.fr or self.name.nl or self.id


def _signatory(r: FieldReader, data: Any, where: str) -> Signatory:
    """A signatory: a name (one text or one per language), or {name, title}."""
    if isinstance(data, dict) and ("name" in data or "title" in data):
        return Signatory(**r.group(data, where, SIGNATORY_FIELDS, root="policy"))
    return Signatory(name=r.value({"name": data}, SIGNATORY_FIELDS[0], where))


POLICY_FIELDS = (
    Field("id", "text", N_("policy"), "default", required=True),
    Field("version", "count", N_("version"), 1, required=True, low=1, high=1_000_000, problem="bad_policy_version"),
    Field("name", "local", N_("name"), NO_TEXT),
    Field("share", "share", N_("share of the gap"), Decimal("1")),
    Field("cap", "amount", N_("cap")),
    Field("minimum", "amount", N_("minimum")),
    Field("count_debt_repayments", "bool", N_("debt repayments counted"), True),
    Field("duration_months", "count", N_("duration in months"), 3, low=1, high=120),
)
LIMIT_FIELDS = (  # the local limits, written only when set (their defaults mean "no limit")
    Field("max_rent", "amount", N_("highest rent counted")),
    Field("count_car_costs", "bool", N_("car costs counted"), True),
)
LETTER_FIELDS = (
    Field("sheet_language", "choice", N_("language of the letter"), "bilingual", SHEET_LANGUAGES),
    Field("address_window", "choice", N_("envelope window"), "right", ADDRESS_WINDOWS),
)
IDENTITY_FIELDS = tuple(Field(key, "local", label, NO_TEXT, always=always) for key, label, always in (
    ("cpas_name", N_("name of the CPAS"), True), ("address", N_("address"), True),
    ("place", N_("place of the letters"), False), ("deciding_body", N_("deciding body"), True),
    ("service", N_("service"), True), ("service_address", N_("address of the service"), False),
    ("contact", N_("phone and e-mail of the service"), False),
    ("tribunal_address", N_("address of the labour tribunal"), True)))
SIGNATORY_FIELDS = (Field("name", "local", N_("name"), NO_TEXT), Field("title", "local", N_("title"), NO_TEXT))
POLICY_LABELS = {**labels(POLICY_FIELDS, LIMIT_FIELDS, LETTER_FIELDS, IDENTITY_FIELDS, SIGNATORY_FIELDS),
                 "signatories": N_("signatories"), "income_shares": N_("income shares"), "identity": N_("identity"),
                 "actual_cost_categories": N_("categories with actual costs")}


class _PolicyReader(FieldReader):
    def _local(self, d: dict, f: Field, path: str) -> LocalText:
        """One text, or one per language: both languages, or neither (a bilingual text is whole)."""
        value = d.get(f.key)
        if value is None:
            return f.default
        where = join(path, f.key)
        if isinstance(value, dict):
            self.obj(value, where, LANGUAGES, root="policy")
            texts = {lang: self._text(value, Field(lang, "text", f.label, ""), where) for lang in LANGUAGES}
            missing = [lang for lang in LANGUAGES if not texts[lang]]
            if len(missing) == 1:
                self.fail("missing_language", where)
                return f.default
            return LocalText(**texts)
        text = self._text(d, Field(f.key, "text", f.label, ""), path)
        return LocalText(text, text)

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
