"""Translations (gettext catalogs in resources/i18n, read through babel) and fr_BE / nl_BE formatting.

Source strings are English. `set_language("fr" | "nl")` chooses the catalog for `_`, `ngettext` and
`pgettext`; formatting functions take the language explicitly, so a bilingual sheet can use both.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from decimal import Decimal
from functools import cache, lru_cache

from babel.dates import format_date as _babel_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import NumberFormatError, format_decimal, parse_decimal

from ..domain.decision import DECISION_FIELDS
from ..domain.fields import labels
from ..domain.household import FIELD_LABELS
from ..domain.messages import MESSAGES, N_, Problem
from ..domain.money import MoneyError, to_money
from ..domain.policy import POLICY_LABELS
from ..domain.request import REQUEST_FIELDS
from ..domain.scenario import SCENARIO_LABELS
from ..paths import i18n_dir

LANGUAGES = ("fr", "nl")
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_GB"}
DOMAIN = "redi"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalog of a language: its compiled .mo when up to date, else the .po compiled in memory."""
    if lang not in LANGUAGES:
        return gettext.NullTranslations()
    folder = i18n_dir() / lang / "LC_MESSAGES"
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with open(mo, "rb") as f:
            return gettext.GNUTranslations(f)
    with open(po, "rb") as f:
        catalog = read_po(f, locale=LOCALES[lang])
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def set_language(lang: str) -> None:
    global _current, _language
    _language = lang if lang in LANGUAGES else "en"
    _current = translations(_language)


def language() -> str:
    return _language


def _(text: str) -> str:
    return _current.gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, text: str) -> str:
    return _current.pgettext(context, text)


def gettext_in(lang: str, text: str) -> str:
    """A translation in a given language, whatever the current one (bilingual documents)."""
    return translations(lang).gettext(text)


def ngettext_in(lang: str, singular: str, plural: str, n: int) -> str:
    """A plural form in a given language, whatever the current one."""
    return translations(lang).ngettext(singular, plural, n)


# -- names the user sees for things the program knows by key ----------------------------------------------

CATEGORY_NAMES = {
    "food": N_("Food"), "clothing": N_("Clothing"), "personal_care": N_("Personal care"),
    "health": N_("Health"), "housing": N_("Housing"), "furnishing": N_("Furnishing and household goods"),
    "rest_sleep": N_("Rest and sleep"), "leisure": N_("Leisure"), "social_relations": N_("Social relations"),
    "safe_childhood": N_("Safe childhood"), "mobility": N_("Mobility"), "security": N_("Security"),
    "unforeseen": N_("Unforeseen expenses"),
}
TOTAL_NAMES = {
    "reference_budget": N_("Reference budget"), "charges": N_("Counted charges"),
    "resources": N_("Counted resources"), "gap": N_("Gap (shortfall if positive)"), "proposed_aid": N_("Proposed aid"),
}
COLUMN_NAMES = {"category": N_("Category"), "standard": N_("Standard"), "used": N_("Used"), "basis": N_("Basis")}
LINE_COLUMNS = {
    "label": N_("Line"), "member": N_("Member"), "calculation": N_("Calculation"),
    "source": N_("Source, price date"), "amount": N_("Amount"),
}
BASIS_NAMES = {"standard": N_("standard"), "actual": N_("actual"), "override": N_("override")}
RESOURCE_NAMES = {
    "wage": N_("Wage"), "self_employment": N_("Self-employment income"), "unemployment": N_("Unemployment benefit"),
    "sickness_disability": N_("Sickness or disability benefit"), "pension": N_("Pension"),
    "integration_income": N_("Integration income"), "child_benefit": N_("Child benefit"),
    "alimony_received": N_("Alimony received"), "study_grant": N_("Study grant"), "other": N_("Other income"),
}
CHARGE_NAMES = {"debt_repayment": N_("Debt repayment"), "alimony_paid": N_("Alimony paid"),
                "other": N_("Other charge")}
# how messages name a field: from the field tables of the domain (household, decision, policy)
FIELD_NAMES = {**FIELD_LABELS, **labels(DECISION_FIELDS), "decision": N_("decision"), **labels(REQUEST_FIELDS),
               "request": N_("request"), **POLICY_LABELS, **SCENARIO_LABELS}
ROLE_NAMES = {"applicant": N_("applicant"), "partner": N_("partner"), "child": N_("child"),
              "other_adult": N_("other adult")}
ACTIVITY_NAMES = {
    "employed": N_("employed"), "self_employed": N_("self-employed"), "unemployed": N_("unemployed"),
    "student": N_("student"), "pupil": N_("pupil"), "retired": N_("retired"), "disabled": N_("disabled"),
    "at_home": N_("at home"), "infant": N_("infant"),
}
TENURE_NAMES = {
    "private_rent": N_("private rent"), "social_rent": N_("social rent"), "owner_mortgage": N_("owner with a mortgage"),
    "owner": N_("owner"), "hosted": N_("hosted"), "homeless": N_("homeless"),
}
SEX_NAMES = {"F": N_("woman"), "M": N_("man"), "X": N_("other (X)")}
SCHOOL_LEVEL_NAMES = {"none": N_("not at school"), "nursery": N_("nursery school"), "primary": N_("primary school"),
                      "secondary": N_("secondary school"), "higher": N_("higher education")}
NEED_NAMES = {"diet": N_("special diet"), "disability": N_("disability"), "pregnancy": N_("pregnancy")}
OUTCOME_NAMES = {"pending": N_("to be decided by the committee"), "granted": N_("aid granted"),
                 "partly_granted": N_("aid partly granted"), "refused": N_("aid refused")}
REGION_NAMES = {"BRU": N_("Brussels-Capital Region"), "WAL": N_("Walloon Region"), "VLA": N_("Flemish Region")}
DEADLINE_NAMES = {"decision_due": N_("decision due"), "notification_due": N_("notification due"),
                  "appeal_until": N_("end of the appeal period"), "revision_due": N_("revision due")}
DUE_NAMES = {"decision": N_("decision to take"), "notification": N_("decision to notify"),
             "revision": N_("aid to review")}
CHANNEL_NAMES = {"in_person": N_("in person"), "letter": N_("by letter"), "email": N_("by e-mail"),
                 "phone": N_("by phone"), "third_party": N_("through a third party")}
METHOD_NAMES = {"registered": N_("registered letter"), "by_hand": N_("handed against a receipt")}
# "charges" is both the housing charges and the list of charges; the list reads as "charge N".
_LIST_NAMES = {"charges": N_("charge")}
_SEGMENT = re.compile(r"^([a-z_]+)(?:\[(\d+)\])?$")


def category_name(key: str) -> str:
    return _(CATEGORY_NAMES[key])


def field_label(path: str) -> str:
    """A JSON path in words: members[1].birth_date -> "member 2 › birth date" (in the current language).
    A key the program does not know is quoted as the file wrote it, short and printable."""
    if not path:
        return _(FIELD_NAMES["household"])
    words = []
    for segment in path.split(".", 20):
        m = _SEGMENT.match(segment)
        if not m or m.group(1) not in FIELD_NAMES or len(m.group(2) or "") > 6:
            words.append(excerpt(segment))  # an unknown key as the file wrote it
            continue
        name, index = m.groups()
        if index is not None:
            words.append(f"{_(_LIST_NAMES.get(name, FIELD_NAMES[name]))} {int(index) + 1}")
        else:
            words.append(_(FIELD_NAMES[name]))
    return excerpt(" › ".join(words), 120)


def message(problem: Problem) -> str:
    """One problem as a sentence in the current language; a value is quoted short and printable."""
    params = {k: excerpt(v) for k, v in problem.params.items()}
    return _(MESSAGES[problem.key]).format(field=field_label(problem.path), **params)


# Shown as \ufffd: controls, lone surrogates, line and paragraph separators (a second line in a one-line
# message), bidi embeddings, overrides and isolates (they reorder what follows them on the screen).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def excerpt(text: str, limit: int = 40) -> str:
    """A value quoted back to the user: control characters and broken characters shown as \ufffd,
    at most `limit` characters (a megabyte typed by mistake is not echoed)."""
    text = _UNPRINTABLE.sub("\ufffd", str(text)[: limit + 1])
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- formatting (babel), at the edge only -----------------------------------------------------------------


def format_money(amount: Decimal, lang: str | None = None) -> str:
    """An amount with the euro sign, as each language writes it: 1 234,50 € / € 1.234,50."""
    return _format_money(amount, LOCALES[lang or _language])


@lru_cache(maxsize=8192)
def _format_money(amount: Decimal, locale: str) -> str:
    from babel.numbers import format_currency

    return format_currency(amount, "EUR", locale=locale)


def format_month(date: dt.date | str, lang: str | None = None) -> str:
    """A month and its year, short: 12/2023."""
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    return _babel_date(date, format="MM/yyyy", locale=LOCALES[lang or _language])


def format_amount(amount: Decimal, lang: str | None = None) -> str:
    """An amount without the currency sign, two decimals: 1 234,50 / 1.234,50."""
    return _format_amount(amount, LOCALES[lang or _language])


@lru_cache(maxsize=8192)  # the live panel shows some sixty amounts at every keystroke, mostly the same ones
def _format_amount(amount: Decimal, locale: str) -> str:
    return format_decimal(amount, format="#,##0.00", locale=locale)


def format_signed(amount: Decimal, lang: str | None = None) -> str:
    """A difference with its sign: +100,00 / −100,00 / 0,00 (a true minus sign, as print sets it)."""
    text = format_amount(abs(amount), lang)
    return text if amount == 0 else ("+" if amount > 0 else "\u2212") + text


def format_date(date: dt.date | str, lang: str | None = None) -> str:
    if isinstance(date, str):
        date = dt.date.fromisoformat(date)
    return _babel_date(date, format="long", locale=LOCALES[lang or _language])


def format_factor(value: Decimal, lang: str | None = None) -> str:
    """An index factor with four decimals: 1,0737 / 1,0737."""
    return format_decimal(value, format="0.0000", locale=LOCALES[lang or _language])


def format_short_date(date: dt.date, lang: str | None = None) -> str:
    """02/04/1985: how a date is typed in a field."""
    return _babel_date(date, "dd/MM/yyyy", locale=LOCALES[lang or _language])


def parse_amount(text: str) -> Decimal:
    """An amount as a Belgian types it: 1 234,50 or 1.234,50 (both are written in Belgium, in either
    language), 1234.50, with or without a euro sign (650 €, 650€, € 650); anything else is a ValueError."""
    text = text.replace("€", "").replace("EUR", "").strip()
    for locale in (LOCALES[_language], "nl_BE", "fr_BE"):
        try:
            return to_money(str(parse_decimal(text.replace(" ", "\u202f"), locale=locale, strict=True)))
        except (NumberFormatError, MoneyError):
            pass
    try:
        return to_money(text.replace("\u202f", "").replace("\xa0", ""))
    except MoneyError as exc:
        raise ValueError(text) from exc


_TYPED_DATE = re.compile(r"(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{2}|\d{4})|(\d{2})(\d{2})(\d{4})")


def parse_typed_date(text: str, today: dt.date | None = None) -> dt.date:
    """A date as it is typed in Belgium, day first: 14/03/1974, 14-03-1974, 14.3.1974, 14/3/74, 14031974;
    or 1974-03-14. A two-digit year is the latest year ending so that is not in the future (74: 1974,
    25: 2025). Anything else, or a day that does not exist (31/11), is a ValueError."""
    text = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
        m = _TYPED_DATE.fullmatch(text)
        if m is None:
            raise ValueError(text)
        day, month, year = (m.group(1), m.group(2), m.group(3)) if m.group(1) else m.group(4, 5, 6)
        year_n = int(year)
        if len(year) == 2:
            this_year = (today or dt.date.today()).year
            year_n += 2000 if 2000 + year_n <= this_year else 1900
        return dt.date(year_n, int(month), int(day))
    except ValueError as exc:
        raise ValueError(text) from exc
