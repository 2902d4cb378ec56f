"""The reference datasets and local policies an assessment used, as JSON the store keeps by hash,
and back as the plain objects the engine reads (so any stored assessment can be recomputed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ..domain.canonical import canonical_json, sha256_of
from ..domain.dataset import (
    Condition,
    Dataset,
    IndexPoint,
    IntegrationIncome,
    LineDef,
    LineValue,
    Source,
    content_extras,
)
from ..domain.policy import Policy


def dataset_json(dataset: Dataset) -> str:
    """The dataset's content (what its sha256 is the hash of) and the order of its lines."""
    return canonical_json({"content": dataset.content(), "order": [line.id for line in dataset.lines]})


def dataset_from_json(text: str) -> Dataset:
    import json

    data = json.loads(text)
    c, order = data["content"], data["order"]
    lines = {d["id"]: _line(d) for d in c["lines"]}
    return Dataset(
        id=c["id"], title=c["title"], price_date=dt.date.fromisoformat(c["price_date"]),
        description=c["description"],
        sources={s["id"]: Source(**s) for s in c["sources"]},
        lines=tuple(lines[i] for i in order),
        index=tuple(IndexPoint(dt.date.fromisoformat(m), Decimal(v), s) for m, v, s in c["index"]),
        integration_income=tuple(
            IntegrationIncome(dt.date.fromisoformat(f), Decimal(a), Decimal(b), Decimal(c_), s, e)
            for f, a, b, c_, s, e in c["integration_income"]),
        **content_extras(c),
    )


def _line(d: dict[str, Any]) -> LineDef:
    when = {k: tuple(v) if isinstance(v, list) else v for k, v in d["when"].items()}
    values = tuple(LineValue(
        valid_from=dt.date.fromisoformat(v["valid_from"]), unit_price=Decimal(v["unit_price"]),
        price_date=dt.date.fromisoformat(v["price_date"]), source=v["source"], estimate=v["estimate"],
        step=v["step"]) for v in d["values"])
    return LineDef(id=d["id"], category=d["category"], label=d["label"], scope=d["scope"], when=Condition(**when),
                   quantity=d["quantity"], lifetime_months=d["lifetime_months"], values=values, table=d["table"],
                   actual=d["actual"])


def policy_json(policy: Policy) -> tuple[str, str]:
    d = policy.to_dict()
    return canonical_json(d), sha256_of(d)


def policy_from_json(text: str) -> Policy:
    import json

    return Policy.from_dict(json.loads(text))
