"""The decision sheet (A4, French and Dutch side by side) and the client's budget sheet (one language).

Both are built with reportlab platypus from an Assessment; the same assessment always gives the same bytes
(reportlab's invariant mode, every date taken from the assessment or the decision, never the clock).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

from .. import __version__
from ..domain.assessment import Assessment
from ..domain.dataset import Dataset
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.policy import Policy
from ..i18n import (
    ACTIVITY_NAMES,
    BASIS_NAMES,
    CATEGORY_NAMES,
    CHARGE_NAMES,
    OUTCOME_NAMES,
    RESOURCE_NAMES,
    ROLE_NAMES,
    TENURE_NAMES,
    TOTAL_NAMES,
    format_amount,
    format_date,
    gettext_in,
)
from ..paths import resources_dir

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"
MARGIN = 10 * mm
GREY = colors.HexColor("#555555")
LINE = colors.HexColor("#BBBBBB")


@cache
def legal_texts(lang: str) -> dict[str, str]:
    """The statutes and mentions printed on the sheet, in each language's own legal wording."""
    import yaml

    with open(resources_dir() / "legal" / f"{lang}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@cache
def _fonts() -> None:
    folder = resources_dir() / "fonts"
    pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    for italic in (0, 1):  # no italic face is bundled: italic text stays upright
        addMapping(FONT, 1, italic, BOLD)
        addMapping(FONT, 0, italic, FONT)


def _styles(size: float) -> dict[str, ParagraphStyle]:
    _fonts()  # paragraphs resolve their fonts when they are made
    base = ParagraphStyle("base", fontName=FONT, fontSize=size, leading=size * 1.25)
    return {
        "text": base,
        "small": ParagraphStyle("small", parent=base, fontSize=size - 1, leading=(size - 1) * 1.25, textColor=GREY),
        "tiny": ParagraphStyle("tiny", parent=base, fontSize=size - 1.6, leading=(size - 1.6) * 1.18, textColor=GREY),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=size + 2.5, leading=(size + 2.5) * 1.2),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=size + 0.5, spaceBefore=1.5, spaceAfter=0.5),
        "right": ParagraphStyle("right", parent=base, alignment=TA_RIGHT),
        "bold": ParagraphStyle("bold", parent=base, fontName=BOLD),
        "bold_right": ParagraphStyle("bold_right", parent=base, fontName=BOLD, alignment=TA_RIGHT),
    }


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def _money(amount: Decimal, lang: str) -> str:
    # reportlab breaks lines at U+202F (babel's French group separator): use a no-break space instead
    return format_amount(amount, lang).replace("\u202f", "\u00a0") + "\u00a0€"


def _date(date: dt.date | str | None, lang: str) -> str:
    return format_date(date, lang) if date else "…"


class _Numbered(Canvas):
    """Writes "page n/N" and the identity footer once the page count is known."""

    footer = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self.setFont(FONT, 6.5)
            self.setFillColor(GREY)
            self.drawString(MARGIN, 7 * mm, self.footer)
            self.drawRightString(A4[0] - MARGIN, 7 * mm, f"{number}/{total}")
            super().showPage()
        super().save()


class SheetTooLong(ValueError):
    """A text does not fit on a page (a paragraph taller than a page cannot be split)."""


def _build(story: list, title: str, author: str, subject: str, lang: str, footer: str) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=13 * mm,
        title=title, author=author, subject=subject, creator=f"REDI Desktop {__version__}", lang=lang,
        invariant=1, initialFontName=FONT,
    )
    canvas = type("FooterCanvas", (_Numbered,), {"footer": footer})
    try:
        doc.build(story, canvasmaker=canvas)
    except LayoutError:
        raise SheetTooLong() from None
    return buffer.getvalue()


def _footer(a: Assessment) -> str:
    i = a.identity
    return (f"run {i.run_id} · REDI Desktop {__version__} · dataset {i.dataset} · policy {i.policy} v{i.policy_version}"
            f" · in {i.inputs_sha256[:12]} · out {i.outputs_sha256[:12]}")


def _table(rows: list[list], widths: list[float], header: bool = True, total_rows: int = 0) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [
        # also for empty cells: no unembedded Helvetica, and no 10-point default making a row taller
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 5), ("LEADING", (0, 0), (-1, -1), 5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 0), (-1, -1), 0.6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
    ]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 0.5, LINE))
    if total_rows:
        style.append(("LINEABOVE", (0, -total_rows), (-1, -total_rows), 0.5, LINE))
    table.setStyle(TableStyle(style))
    return table


# -- the decision sheet -----------------------------------------------------------------------------------


def decision_sheet(a: Assessment, household: Household, policy: Policy, dataset: Dataset,
                   decision: Decision | None = None) -> bytes:
    """The bilingual decision sheet for the case file, as PDF bytes."""
    decision = decision or Decision()
    size = 6.4
    styles = _styles(size)
    half = (A4[0] - 2 * MARGIN - 6 * mm) / 2
    columns = {lang: _DecisionColumn(lang, a, household, policy, dataset, decision, styles, half)
               for lang in ("fr", "nl")}
    # One row per pair of flowables, so that a page can break inside a section and the two languages
    # stay level with each other.
    rows = []
    for section in _DecisionColumn.SECTIONS:
        left, right = (getattr(columns[lang], section)() for lang in ("fr", "nl"))
        left += [""] * (len(right) - len(left))
        right += [""] * (len(left) - len(right))
        rows += [[a, b] for a, b in zip(left, right, strict=True)]
    body = Table(rows, colWidths=[half + 3 * mm, half + 3 * mm], hAlign="LEFT", repeatRows=0)
    body.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), 5), ("LEADING", (0, 0), (-1, -1), 5),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 6 * mm),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
        ("LINEAFTER", (0, 0), (0, -1), 0.3, LINE),
    ]))
    story = [body]
    fr, nl = columns["fr"], columns["nl"]
    return _build(
        story,
        title=f"{fr.t('Decision on complementary social aid')} / {nl.t('Decision on complementary social aid')}"
              + (f" – {household.file_reference}" if household.file_reference else ""),
        author=policy.identity.cpas_name or "CPAS / OCMW",
        subject=f"{fr.t('Reference budget')} {a.date} – {a.identity.run_id}",
        lang="fr-BE", footer=_footer(a),
    )


class _DecisionColumn:
    """One language's column of the decision sheet, section by section."""

    SECTIONS = ("heading", "legal_basis", "facts", "proposal", "decision", "motivation", "appeal", "signatures")

    def __init__(self, lang, a, household, policy, dataset, decision, styles, width):
        self.lang, self.a, self.h, self.policy, self.dataset = lang, a, household, policy, dataset
        self.d, self.s, self.width = decision, styles, width
        self.t: Callable[[str], str] = lambda text: gettext_in(lang, text)

    def p(self, text: str, style: str = "text") -> Paragraph:
        return Paragraph(text, self.s[style])

    def money(self, amount: Decimal) -> str:
        return _money(amount, self.lang)

    def heading(self) -> list:
        t, ident = self.t, self.policy.identity
        out = [self.p(_esc(ident.cpas_name) or t("CPAS / OCMW (name to be set in the local policy)"), "bold")]
        if ident.address:
            out.append(self.p(_esc(ident.address), "small"))
        out += [
            Spacer(1, 2),
            self.p(t("Decision on complementary social aid"), "title"),
            self.p(t("File reference: {ref}").format(ref=_esc(self.h.file_reference or "…")) + " · "
                   + t("Client: {name}").format(name=_esc(f"{self.h.client.first_name} {self.h.client.last_name}"
                                                          .strip() or "…"))),
            self.p(t("Assessment of {date}").format(date=_date(self.a.date, self.lang))),
            self.p(t("Deciding body: {body}, meeting of {date}").format(
                body=_esc(self.d.body or ident.deciding_body or "…"), date=_date(self.d.date, self.lang))),
        ]
        return out

    def legal_basis(self) -> list:
        return [self.p(self.t("Legal basis"), "head"), self.p(_esc(legal_texts(self.lang)["legal_basis"]))]

    def facts(self) -> list:
        t, a, w = self.t, self.a, self.width
        on = dt.date.fromisoformat(a.date)
        people = "; ".join(
            t("{who}, {age} y., {activity}").format(
                who=_esc(m.first_name) or t(ROLE_NAMES[m.role]), age=m.age_on(on), activity=t(ACTIVITY_NAMES[m.activity]))
            for m in self.h.members)
        household = t("Household of {n}: {people}.").format(n=len(self.h.members), people=people)
        budget = [[self.p(t("Category"), "bold"), self.p(t("Standard"), "bold_right"),
                   self.p(t("Used"), "bold_right"), self.p(t("Basis"), "bold")]]
        for c in a.categories:
            budget.append([self.p(t(CATEGORY_NAMES[c.key])), self.p(self.money(c.standard), "right"),
                           self.p(self.money(c.used), "right"), self.p(t(BASIS_NAMES[c.basis]))])
        budget.append([self.p(t(TOTAL_NAMES["reference_budget"]), "bold"), "",
                       self.p(self.money(a.totals.reference_budget), "right"), ""])
        money_rows = [[self.p(t("Resources and charges"), "bold"), self.p(t("Amount"), "bold_right"),
                       self.p(t("Counted"), "bold_right")]]
        for r in a.resources:
            money_rows.append([self.p(t(RESOURCE_NAMES[r.type])), self.p(self.money(r.amount), "right"),
                               self.p(self.money(r.counted), "right")])
        for c in a.charges:
            money_rows.append([self.p(t(CHARGE_NAMES[c.type])), self.p(self.money(c.amount), "right"),
                               self.p(self.money(c.counted), "right")])
        totals = [[self.p(t(TOTAL_NAMES[k]), "bold" if k == "gap" else "text"), "",
                   self.p(self.money(getattr(a.totals, k)), "right")] for k in ("resources", "charges", "gap")]
        housing = t("Housing: {tenure}, {bedrooms} bedroom(s) by the standard, region {region}.").format(
            tenure=t(TENURE_NAMES[self.h.housing.tenure]), bedrooms=a.bedrooms, region=a.region)
        return [
            self.p(t("Facts"), "head"),
            self.p(household),
            self.p(housing),
            Spacer(1, 2),
            _table(budget, [w * 0.43, w * 0.2, w * 0.2, w * 0.17], total_rows=1),
            Spacer(1, 2),
            _table(money_rows + totals, [w * 0.5, w * 0.25, w * 0.25], total_rows=3),
            self.p(t("Reference budget {dataset}: minimum for a healthy, well-informed household; amounts "
                     "marked as estimates in the dataset are derived, not published.").format(
                dataset=_esc(self.dataset.id)), "small"),
        ]

    def proposal(self) -> list:
        t, a, d = self.t, self.a, self.d
        out = [self.p(t("Computed amount and proposal"), "head"),
               self.p(t("Aid computed under the local policy “{policy}” (version {version}): {amount} a month.").format(
                   policy=_esc(self.policy.name or self.policy.id), version=self.policy.version,
                   amount=self.money(a.totals.proposed_aid)))]
        proposal = d.proposal_amount if d.proposal_amount is not None else a.totals.proposed_aid
        who = _esc(d.caseworker) or t("the social worker")
        out.append(self.p(t("Proposal of {who}: {amount} a month.").format(who=who, amount=self.money(proposal))))
        if d.proposal_reasons:
            out.append(self.p(t("Reasons: {reasons}").format(reasons=_esc(d.proposal_reasons))))
        for c in a.categories:
            if c.basis == "override":
                out.append(self.p("• " + t("{category}: {amount} instead of {standard}, because: {reason}").format(
                    category=t(CATEGORY_NAMES[c.key]), amount=self.money(c.used), standard=self.money(c.standard),
                    reason=_esc(c.reason or "")), "small"))
            elif c.basis == "actual":
                out.append(self.p("• " + t("{category}: actual costs used ({amount}; standard {standard}).").format(
                    category=t(CATEGORY_NAMES[c.key]), amount=self.money(c.used),
                    standard=self.money(c.standard)), "small"))
        if self.h.mobility.car_needed:
            out.append(self.p("• " + t("Car needed: {reason}").format(reason=_esc(self.h.mobility.car_reason)),
                              "small"))
        return out

    def decision(self) -> list:
        t, d = self.t, self.d
        out = [self.p(t("Decision"), "head"), self.p(_first_upper(t(OUTCOME_NAMES[d.outcome])) + ".", "bold")]
        if d.outcome in ("granted", "partly_granted"):
            out.append(self.p(t("Amount: {amount} a month, from {start} for {months} month(s).").format(
                amount=self.money(d.amount if d.amount is not None else self.a.totals.proposed_aid),
                start=_date(d.start, self.lang), months=d.duration_months or self.policy.duration_months)))
        elif d.outcome == "pending":
            out.append(self.p(t("Amount: ………… a month, from ………… for …… month(s).")))
        if d.conditions:
            out.append(self.p(t("Conditions: {conditions}").format(conditions=_esc(d.conditions))))
        return out

    def motivation(self) -> list:
        t, a = self.t, self.a
        text = _esc(self.d.motivation) if self.d.motivation else t(
            "The reference budget of the household is {budget} a month and its counted resources, less counted "
            "charges, are {net}. The difference is {gap} a month. The reference budget is the minimum needed to "
            "lead a life in keeping with human dignity (article 1 of the organic law).").format(
            budget=self.money(a.totals.reference_budget),
            net=self.money(a.totals.resources - a.totals.charges), gap=self.money(a.totals.gap))
        return [self.p(t("Motivation"), "head"), self.p(text)]

    def appeal(self) -> list:
        t, ident, law = self.t, self.policy.identity, legal_texts(self.lang)
        return [
            self.p(t("Your rights"), "head"),
            self.p(_esc(law["appeal"].format(
                tribunal=ident.tribunal_address or t("competent labour tribunal (address to be set in the local policy)")))),
            self.p(_esc(law["heard"].format(body=self.d.body or ident.deciding_body or t("the deciding body"),
                                            service=ident.service or t("the social service"),
                                            ref=self.h.file_reference or "…"))),
            self.p(_esc(law["article_728"]), "tiny"),
            self.p(_esc(law["article_1017"]), "tiny"),
        ]

    def signatures(self) -> list:
        names = self.policy.identity.signatories or (self.t("The secretary"), self.t("The president"))
        signature_space = [Spacer(1, 12)] * len(names)  # the line under it is where they sign
        return [Spacer(1, 4), _table([signature_space, [self.p(_esc(n), "small") for n in names]],
                                     [self.width / len(names)] * len(names))]


# -- the client's budget sheet ----------------------------------------------------------------------------


def client_sheet(a: Assessment, household: Household, policy: Policy, dataset: Dataset,
                 lang: str | None = None) -> bytes:
    """One page in the client's language: the monthly budget next to the household's resources."""
    lang = lang or household.language
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    s = _styles(9.5)
    w = A4[0] - 2 * MARGIN
    rows = [[Paragraph(t("What a month costs"), s["bold"]), Paragraph(t("Amount"), s["bold_right"])]]
    for c in a.categories:
        if c.used:
            rows.append([Paragraph(t(CATEGORY_NAMES[c.key]), s["text"]), Paragraph(_money(c.used, lang), s["right"])])
    rows.append([Paragraph(t("Total"), s["bold"]), Paragraph(_money(a.totals.reference_budget, lang), s["right"])])
    money = [[Paragraph(t("What comes in"), s["bold"]), Paragraph(t("Amount"), s["bold_right"])]]
    for r in a.resources:
        money.append([Paragraph(t(RESOURCE_NAMES[r.type]), s["text"]), Paragraph(_money(r.amount, lang), s["right"])])
    for c in a.charges:
        money.append([Paragraph(t(CHARGE_NAMES[c.type]) + " (−)", s["text"]),
                      Paragraph(_money(c.amount, lang), s["right"])])
    gap = a.totals.gap
    verdict = (t("Each month, {amount} is missing to reach this budget.") if gap > 0
               else t("Your resources cover this budget, with {amount} to spare.")).format(amount=_money(abs(gap), lang))
    story = [
        Paragraph(_esc(policy.identity.cpas_name) or "CPAS / OCMW", s["small"]),
        Paragraph(t("Your monthly budget"), s["title"]),
        Paragraph(t("File reference: {ref}").format(ref=_esc(household.file_reference or "…")) + " · "
                  + _date(a.date, lang), s["small"]),
        Spacer(1, 6),
        Paragraph(t("This is what a household like yours needs each month for a dignified life: a minimum for a "
                    "healthy, well-informed household that manages its money well. It is not a rule about how "
                    "you should spend. Where you told us your real costs (rent, school, childcare, ...), we used "
                    "them."), s["text"]),
        Spacer(1, 6),
        KeepTogether([_table(rows, [w * 0.7, w * 0.3], total_rows=1)]),
        Spacer(1, 8),
        KeepTogether([_table(money, [w * 0.7, w * 0.3])]),
        Spacer(1, 8),
        Paragraph(verdict, s["bold"]),
        Spacer(1, 6),
        Paragraph(t("What can help: claiming the rights you may have (increased health reimbursement, social "
                    "energy tariff, school allowance), lowering a cost (cheaper or social housing), raising an "
                    "income. Your social worker can look at this with you."), s["text"]),
        Spacer(1, 4),
        Paragraph(t("The social aid decided by the CPAS is on the decision sheet; this page only explains the "
                    "budget."), s["small"]),
    ]
    return _build(story, title=t("Your monthly budget"), author=policy.identity.cpas_name or "CPAS / OCMW",
                  subject=t("Reference budget"), lang=f"{lang}-BE", footer=_footer(a))
