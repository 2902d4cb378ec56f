"""The decision letter (A4, for a window envelope) and the client's budget sheet.

Both are built with reportlab platypus from an Assessment; the same assessment always gives the same bytes
(reportlab's invariant mode, every date taken from the assessment, the decision or the caller, never the
clock).

The letter is French and Dutch side by side (`sheet_language: bilingual`) or the file's language only
(`file`), as the policy says. Its first page is laid out for a DL envelope (220 x 110 mm) with a window of
100 x 45 mm, 20 mm from the side and 15 mm from the bottom (the usual Belgian window envelope, on the right
or on the left as `address_window` says): the sheet, folded in three at 99 and 198 mm, sits in the envelope
with up to 5 mm of play each way, so the part of the sheet that always shows through the window is
x 95-195 mm (right window; 15-115 mm for a left one) and 50-84 mm from the top. The addressee block is
printed inside it with a margin: ADDRESS_BOX below.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from .. import __version__
from ..domain.assessment import Assessment, Totals
from ..domain.dataset import Dataset
from ..domain.deadlines import appeal_until, decision_due
from ..domain.decision import Decision
from ..domain.household import Household
from ..domain.messages import N_
from ..domain.policy import LocalText, Policy
from ..domain.profile import Profile
from ..domain.request import Request
from ..i18n import (
    ACTIVITY_NAMES,
    BASIS_NAMES,
    CATEGORY_NAMES,
    CHANNEL_NAMES,
    CHARGE_NAMES,
    OUTCOME_NAMES,
    REGION_NAMES,
    RESOURCE_NAMES,
    ROLE_NAMES,
    TENURE_NAMES,
    TOTAL_NAMES,
    format_amount,
    format_date,
    gettext_in,
    ngettext_in,
)
from ..paths import resources_dir
from .charts import budget_chart, scenario_chart
from .fonts import BOLD, FONT
from .fonts import register_fonts as _fonts

PAGE_W, PAGE_H = A4
LEFT, RIGHT, TOP, BOTTOM = 20 * mm, 15 * mm, 12 * mm, 13 * mm
BODY_W = PAGE_W - LEFT - RIGHT
GREY = colors.HexColor("#444444")
LINE = colors.HexColor("#BBBBBB")
SIZE = 9  # body text of the letter in one language and of the client's sheet
SIZE_BILINGUAL = 8.5  # two columns: the smallest size for 90 % of the text; nothing is printed under SMALLEST
SMALLEST = 6.5
# what always shows through the window (x, top, width, height in mm from the top left of the sheet)
WINDOW = {"right": (95, 50, 100, 34), "left": (15, 50, 100, 34)}
# where the addressee block is printed: 5 mm inside the window on each side
ADDRESS_BOX = {side: (x + 5, top + 2, w - 10, h - 4) for side, (x, top, w, h) in WINDOW.items()}
FOLDS = (99, 198)  # mm from the top: a tri-fold for the DL envelope
BODY_TOP = 88  # mm from the top: the letter's text begins under the window

# The titles of the signatories when the policy gives none: the local government decrees of Wallonia
# (2018) and Flanders (Decreet Lokaal Bestuur, 2017) made the secretary the "directeur général" /
# "algemeen directeur"; the president of the council or committee signs beside them. In Brussels, a
# bilingual region, the titles are printed in both languages whatever the letter's language.
DEFAULT_TITLES = ((("fr", "Le directeur général"), ("nl", "De algemeen directeur")),
                  (("fr", "Le président"), ("nl", "De voorzitter")))


@cache
def legal_texts(lang: str) -> dict[str, str]:
    """The statutes and mentions printed on the letter, in each language's own legal wording (their status,
    verbatim or reconstructed, is in resources/legal/README.md)."""
    import yaml

    with open(resources_dir() / "legal" / f"{lang}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@cache
def _styles(size: float = SIZE) -> dict[str, ParagraphStyle]:
    _fonts()  # paragraphs resolve their fonts when they are made
    base = ParagraphStyle("base", fontName=FONT, fontSize=size, leading=size * 1.19)
    return {
        "text": base,
        "law": ParagraphStyle("law", parent=base, leading=size * 1.1, textColor=GREY, spaceBefore=1),
        "small": ParagraphStyle("small", parent=base, fontSize=SMALLEST + 0.5, leading=(SMALLEST + 0.5) * 1.2,
                                textColor=GREY),
        "title": ParagraphStyle("title", parent=base, fontName=BOLD, fontSize=size + 2, leading=(size + 2) * 1.2,
                                spaceAfter=2),
        "sender": ParagraphStyle("sender", parent=base, fontName=BOLD, fontSize=size + 2, leading=(size + 2) * 1.2),
        "address": ParagraphStyle("address", parent=base, fontSize=10, leading=12.5),
        "head": ParagraphStyle("head", parent=base, fontName=BOLD, fontSize=size + 0.5, spaceBefore=3, spaceAfter=0.5,
                               keepWithNext=1),
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


def _lines(address: str) -> list[str]:
    """An address typed on one line ("Rue de l'Exemple 1, 1000 Bruxelles") as the lines of an envelope."""
    return [part.strip() for part in address.replace("\n", ",").split(",") if part.strip()]


class _Numbered(Canvas):
    """Writes "page n/N" and the footer once the page count is known."""

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
            self.setFont(FONT, SMALLEST)
            self.setFillColor(GREY)
            self.drawString(LEFT, 7 * mm, self.footer)
            self.drawRightString(PAGE_W - RIGHT, 7 * mm, f"{number}/{total}")
            super().showPage()
        super().save()


class SheetTooLong(ValueError):
    """A text does not fit on a page (a paragraph taller than a page cannot be split)."""


def _build(story: list, title: str, author: str, subject: str, lang: str, footer: str,
           templates: list[PageTemplate] | None = None) -> bytes:
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=TOP, bottomMargin=BOTTOM,
        title=title, author=author, subject=subject, creator=f"REDI Desktop {__version__}", lang=lang,
        invariant=1, initialFontName=FONT,
    )
    full = Frame(LEFT, BOTTOM, BODY_W, PAGE_H - TOP - BOTTOM, 0, 0, 0, 0, id="body")
    doc.addPageTemplates(templates or [PageTemplate("page", [full])])
    if templates:
        doc.addPageTemplates([PageTemplate("later", [full])])
    canvas = type("FooterCanvas", (_Numbered,), {"footer": footer})
    try:
        doc.build(story, canvasmaker=canvas)
    except LayoutError:
        raise SheetTooLong() from None
    return buffer.getvalue()


def _footer(a: Assessment, anchor: str | None = None) -> str:
    """The small print: run, versions and hashes, and the audit chain's head when the caller gives it (an
    anchor outside the database: a chain recomputed after a change no longer holds the head on the paper)."""
    i = a.identity
    return (f"run {i.run_id} · REDI Desktop {__version__} · dataset {i.dataset} · policy {i.policy} v{i.policy_version}"
            f" · in {i.inputs_sha256[:12]} · out {i.outputs_sha256[:12]}" + (f" · chain {anchor}" if anchor else ""))


def _table(rows: list[list], widths: list[float], header: bool = True, total_rows: int = 0,
           subtotals: tuple[int, ...] = ()) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [
        # also for empty cells: no unembedded Helvetica, and no 10-point default making a row taller
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), SIZE),
        ("LEADING", (0, 0), (-1, -1), SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 1.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 0), (-1, -1), 0.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0.6),
    ]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 0.5, LINE))
    if total_rows:
        style.append(("LINEABOVE", (0, -total_rows), (-1, -total_rows), 0.5, LINE))
    for row in subtotals:
        style.append(("LINEABOVE", (0, row), (-1, row), 0.5, LINE))
    table.setStyle(TableStyle(style))
    return table


def _mm_frame(box: tuple[float, float, float, float], name: str) -> Frame:
    x, top, w, h = box
    return Frame(x * mm, PAGE_H - (top + h) * mm, w * mm, h * mm, 0, 0, 0, 0, id=name)


# -- the decision letter ----------------------------------------------------------------------------------


def decision_sheet(a: Assessment, household: Household, policy: Policy, dataset: Dataset,
                   decision: Decision | None = None, profile: Profile | None = None,
                   letter_date: dt.date | None = None, anchor: str | None = None,
                   notification: tuple[dt.date, str] | None = None) -> bytes:
    """The decision letter as PDF bytes: for the client in a window envelope, and for the case file;
    `anchor` is the audit chain's head, printed in the small print. With `notification` (the day it was
    posted or handed, and how), the letter states the appeal period."""
    decision = decision or Decision()
    langs = _letter_languages(policy, household)
    date = letter_date or decision.date or dt.date.fromisoformat(a.date)
    size = SIZE if len(langs) == 1 else SIZE_BILINGUAL
    letters = {lang: _Letter(lang, a, household, policy, dataset, decision, profile or Profile(), date, size,
                             notification=notification)
               for lang in langs}
    frames, story = _window_letter(letters, langs, policy)
    t_fr, t_nl = letters[langs[0]].t, letters[langs[-1]].t
    title = " / ".join(dict.fromkeys((t_fr("Decision on complementary social aid"),
                                      t_nl("Decision on complementary social aid"))))
    return _build(
        story, title=title + (f" – {household.file_reference}" if household.file_reference else ""),
        author=str(policy.identity.cpas_name) or "CPAS / OCMW",
        subject=f"{letters[langs[0]].t('Reference budget')} {a.date} – {a.identity.run_id}",
        lang=f"{langs[0]}-BE", footer=_footer(a, anchor),
        templates=[PageTemplate("first", frames, onPage=_fold_marks)],
    )


def _letter_languages(policy: Policy, household: Household) -> tuple[str, ...]:
    return (household.language,) if policy.sheet_language == "file" else ("fr", "nl")


def _window_letter(letters: dict[str, _Letter], langs: tuple[str, ...], policy: Policy) -> tuple[list, list]:
    """The frames and the story of a letter for a window envelope: the CPAS's identity at the top, the
    addressee where the policy's window shows it, the references beside it, then the letter's sections in
    one language or in two columns."""
    first = letters[langs[0]]
    window = policy.address_window
    side_box = (LEFT / mm, 50, 78, 36) if window == "right" else (117, 50, 78, 36)
    frames = [_mm_frame((LEFT / mm, TOP / mm, BODY_W / mm, 36), "sender"), _mm_frame(ADDRESS_BOX[window], "address"),
              _mm_frame(side_box, "side"),
              _mm_frame((LEFT / mm, BODY_TOP, BODY_W / mm, PAGE_H / mm - BODY_TOP - BOTTOM / mm), "body")]
    story: list = [
        KeepInFrame(BODY_W, 36 * mm, first.sender(langs), mode="shrink"), FrameBreak(),
        KeepInFrame(ADDRESS_BOX[window][2] * mm, ADDRESS_BOX[window][3] * mm, first.addressee(), mode="shrink"),
        FrameBreak(),
        KeepInFrame(side_box[2] * mm, side_box[3] * mm, first.references(langs), mode="shrink"), FrameBreak(),
        NextPageTemplate("later"),
    ]
    if len(langs) == 1:
        for section in first.SECTIONS:
            story += first.tables(BODY_W, langs) if section == "tables" else getattr(first, section)(BODY_W)
    else:
        story.append(_side_by_side([letters["fr"], letters["nl"]]))
    return frames, story


def _fold_marks(canvas, _doc) -> None:
    canvas.saveState()
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.3)
    for at in FOLDS:
        canvas.line(4 * mm, PAGE_H - at * mm, 8 * mm, PAGE_H - at * mm)
    canvas.restoreState()


def _side_by_side(columns: list[_Letter]) -> Table:
    """French and Dutch in two columns, one row per pair of flowables: a page can break inside a section
    and the two languages stay level with each other."""
    gutter = 5 * mm
    half = (BODY_W - gutter) / 2
    rows, spans = [], []
    for section in columns[0].SECTIONS:
        if section == "tables":  # the amounts once, across both columns
            tables = columns[0].tables(BODY_W, ("fr", "nl"))
            spans += [len(rows) + i for i in range(len(tables))]
            rows += [[f, ""] for f in tables]
            continue
        left, right = (_heads_with_next(getattr(c, section)(half)) for c in columns)
        left += [""] * (len(right) - len(left))
        right += [""] * (len(left) - len(right))
        rows += [[x, y] for x, y in zip(left, right, strict=True)]
    body = Table(rows, colWidths=[half + gutter / 2, half + gutter / 2], hAlign="LEFT")
    body.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT), ("FONTSIZE", (0, 0), (-1, -1), SIZE), ("LEADING", (0, 0), (-1, -1), 1),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (0, -1), 0), ("RIGHTPADDING", (0, 0), (0, -1), gutter / 2),
        ("LEFTPADDING", (1, 0), (1, -1), gutter / 2), ("RIGHTPADDING", (1, 0), (1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.5),
        ("LINEAFTER", (0, 0), (0, -1), 0.3, LINE),
        *[("SPAN", (0, r), (1, r)) for r in spans], *[("LINEAFTER", (0, r), (0, r), 0, colors.white) for r in spans],
        *[("LEFTPADDING", (0, r), (0, r), 0) for r in spans],
    ]))
    return body


def _heads_with_next(flowables: list) -> list:
    """A section's heading in the same cell as what follows it: never alone at the foot of a page (inside a
    table a paragraph's keepWithNext does nothing)."""
    out: list = []
    for f in flowables:
        if out and isinstance(out[-1], Paragraph) and out[-1].style.name == "head":
            out[-1] = [out[-1], f]
        else:
            out.append(f)
    return out


class _Letter:
    """One language of the decision letter: its blocks and its sections."""

    SECTIONS = ("heading", "legal_basis", "facts", "tables", "facts_note", "proposal", "decision", "motivation",
                "appeal", "signatures")

    def __init__(self, lang, a, household, policy, dataset, decision, profile, date, size=SIZE, notification=None):
        self.lang, self.a, self.h, self.policy, self.dataset = lang, a, household, policy, dataset
        self.d, self.profile, self.date, self.s = decision, profile, date, _styles(size)
        self.region = a.region if a is not None else household.region
        self.notification = notification
        self.t: Callable[[str], str] = lambda text: gettext_in(lang, text)

    def p(self, text: str, style: str = "text") -> Paragraph:
        return Paragraph(text, self.s[style])

    def money(self, amount: Decimal) -> str:
        return _money(amount, self.lang)

    def local(self, text: LocalText) -> str:
        """A text of the CPAS in this language (the other one if it was given in one only)."""
        return _esc(text.in_lang(self.lang) or text.fr or text.nl)

    # -- the blocks of the first page (one language, or both when bilingual) ----------------------------

    def sender(self, langs: tuple[str, ...]) -> list:
        ident = self.policy.identity
        def texts(text: LocalText) -> str:
            return _esc(str(text)) if len(langs) > 1 else self.local(text)

        name = texts(ident.cpas_name) or self.t("CPAS / OCMW (name to be set in the local policy)")
        out = [self.p(name, "sender")]
        for text in (ident.address, ident.service, ident.contact):
            if text:
                out.append(self.p(texts(text)))
        out.append(self.p(" / ".join(dict.fromkeys(gettext_in(lang, REGION_NAMES[self.region]) for lang in langs)),
                          "small"))
        return out

    def addressee(self) -> list:
        client = self.h.client
        name = f"{client.first_name} {client.last_name}".strip()
        lines = [name] if name else []
        return [self.p(_esc(line), "address") for line in lines + _lines(client.address)]

    def references(self, langs: tuple[str, ...]) -> list:
        def label(text: str) -> str:
            return " / ".join(dict.fromkeys(gettext_in(lang, text) for lang in langs))

        ident, prof = self.policy.identity, self.profile
        who = prof.name or self.d.caseworker
        contact = " · ".join(x for x in (prof.phone, prof.email) if x)
        service = _esc(prof.service) or (_esc(str(ident.service)) if len(langs) > 1 else self.local(ident.service))
        def dated(lang: str) -> str:
            place = ident.place.in_lang(lang) or ident.place.fr or ident.place.nl
            return (gettext_in(lang, N_("{place}, {date}")).format(place=_esc(place), date=_date(self.date, lang))
                    if place else _date(self.date, lang))

        dates = [dated(lang) for lang in langs]
        out = [self.p(" / ".join(dict.fromkeys(dates)), "bold"), Spacer(1, 3),
               self.p(f"{label(N_('File reference'))}: <b>{_esc(self.h.file_reference or '…')}</b>")]
        if who:
            out.append(self.p(f"{label(N_('File followed by'))}: {_esc(who)}"))
        if contact:
            out.append(self.p(_esc(contact)))
        if service:
            out.append(self.p(f"{label(N_('Service'))}: {service}"))
        return out

    # -- the sections -------------------------------------------------------------------------------------

    def heading(self, width) -> list:
        t, ident = self.t, self.policy.identity
        body = _esc(self.d.body) or self.local(ident.deciding_body) or "…"
        return [  # the client's name is in the addressee block
            self.p(t("Decision on complementary social aid"), "title"),
            self.p(t("Deciding body: {body}, meeting of {date}").format(body=body, date=_date(self.d.date, self.lang))),
            self.p(t("Assessment of {date}").format(date=_date(self.a.date, self.lang))),
        ]

    def legal_basis(self, width) -> list:
        return [self.p(self.t("Legal basis"), "head"), self.p(_esc(legal_texts(self.lang)["legal_basis"]))]

    def facts(self, width) -> list:
        t, a = self.t, self.a
        on = dt.date.fromisoformat(a.date)
        people = "; ".join(
            t("{who}, {age} y., {activity}").format(
                who=_esc(m.first_name) or t(ROLE_NAMES[m.role]), age=m.age_on(on), activity=t(ACTIVITY_NAMES[m.activity]))
            for m in self.h.members)
        household = t("Household of {n}: {people}.").format(n=len(self.h.members), people=people)
        housing = t("Housing: {tenure}, {bedrooms} bedroom(s) by the standard, {region}.").format(
            tenure=t(TENURE_NAMES[self.h.housing.tenure]), bedrooms=a.bedrooms, region=t(REGION_NAMES[a.region]))
        return [self.p(t("Facts"), "head"), self.p(household), self.p(housing)]

    def facts_note(self, width) -> list:
        return [Spacer(1, 2), self.p(self.t("Reference budget {dataset}: the minimum for a healthy, well-informed "
                                            "household.").format(dataset=_esc(self.dataset.id)))]

    def tables(self, width: float, langs: tuple[str, ...]) -> list:
        """The budget per category and the resources and charges: one pair of tables, labelled in each of
        the letter's languages (in a bilingual letter they span both columns: the amounts are the same)."""
        a = self.a

        def names(text: str) -> str:
            return " / ".join(dict.fromkeys(gettext_in(lang, text) for lang in langs))

        def label(text: str, style: str = "text") -> Paragraph:
            return self.p(names(text), style)

        def amount(value: Decimal, style: str = "right") -> Paragraph:
            return self.p(self.money(value), style)

        budget = [[label(N_("Category"), "bold"), label(N_("Standard"), "bold_right"), label(N_("Used"), "bold_right")]]
        for c in a.categories:
            mark = "" if c.basis == "standard" else f" ({names(BASIS_NAMES[c.basis])})"
            budget.append([self.p(names(CATEGORY_NAMES[c.key]) + mark), amount(c.standard), amount(c.used)])
        budget.append([label(TOTAL_NAMES["reference_budget"], "bold"), "",
                       amount(a.totals.reference_budget, "bold_right")])
        rows = [[label(N_("Resources and charges"), "bold"), label(N_("Amount"), "bold_right"),
                 label(N_("Counted"), "bold_right")]]
        for r in a.resources:
            rows.append([self.p(" / ".join(dict.fromkeys(
                _member_label(lambda text, lang=lang: gettext_in(lang, text), RESOURCE_NAMES[r.type], r.member, self.h)
                for lang in langs))), amount(r.amount), amount(r.counted)])
        for c in a.charges:
            rows.append([label(CHARGE_NAMES[c.type]), amount(c.amount), amount(c.counted)])
        rows += [[label(TOTAL_NAMES[k], "bold" if k == "gap" else "text"), "",
                  amount(getattr(a.totals, k), "bold_right" if k == "gap" else "right")]
                 for k in ("resources", "charges", "gap")]
        if len(langs) == 1:
            w = min(width, 130 * mm)  # a table as wide as the page would put the amounts far from their names
            return [Spacer(1, 3), _table(budget, [w * 0.5, w * 0.25, w * 0.25], total_rows=1), Spacer(1, 3),
                    _table(rows, [w * 0.5, w * 0.25, w * 0.25], total_rows=3)]
        half = (width - 5 * mm) / 2
        pair = Table([[_table(budget, [half * 0.52, half * 0.24, half * 0.24], total_rows=1),
                       _table(rows, [half * 0.44, half * 0.28, half * 0.28], total_rows=3)]],
                     colWidths=[half + 5 * mm, half], hAlign="LEFT")
        pair.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FONT), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                  ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                  ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("TOPPADDING", (0, 0), (-1, -1), 3)]))
        return [pair]

    def proposal(self, width) -> list:
        t, a, d = self.t, self.a, self.d
        out = [self.p(t("Computed amount and proposal"), "head"),
               self.p(t("Aid computed under the local policy “{policy}” (version {version}): {amount} a month.").format(
                   policy=_esc(self.policy.name_in(self.lang)), version=self.policy.version,
                   amount=self.money(a.totals.proposed_aid)))]
        proposal = d.proposal_amount if d.proposal_amount is not None else a.totals.proposed_aid
        who = _esc(d.caseworker or self.profile.name) or t("the social worker")
        out.append(self.p(t("Proposal of {who}: {amount} a month.").format(who=who, amount=self.money(proposal))))
        if d.proposal_reasons:
            out.append(self.p(t("Reasons: {reasons}").format(reasons=_esc(d.proposal_reasons))))
        for c in a.categories:
            if c.basis == "override":
                out.append(self.p("• " + t("{category}: {amount} instead of {standard}, because: {reason}").format(
                    category=t(CATEGORY_NAMES[c.key]), amount=self.money(c.used), standard=self.money(c.standard),
                    reason=_esc(c.reason or ""))))
            elif c.basis == "actual":
                out.append(self.p("• " + t("{category}: actual costs used ({amount}; standard {standard}).").format(
                    category=t(CATEGORY_NAMES[c.key]), amount=self.money(c.used),
                    standard=self.money(c.standard))))
        if self.h.mobility.car_needed:
            out.append(self.p("• " + t("Car needed: {reason}").format(reason=_esc(self.h.mobility.car_reason))))
        return out

    def decision(self, width) -> list:
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

    def motivation(self, width) -> list:
        t, a = self.t, self.a
        text = _esc(self.d.motivation) if self.d.motivation else t(
            "The reference budget of the household is {budget} a month and its counted resources, less counted "
            "charges, are {net}. The difference is {gap} a month. The reference budget is the minimum needed to "
            "lead a life in keeping with human dignity (article 1 of the organic law).").format(
            budget=self.money(a.totals.reference_budget),
            net=self.money(a.totals.resources - a.totals.charges), gap=self.money(a.totals.gap))
        return [self.p(t("Motivation"), "head"), self.p(text)]

    def appeal(self, width) -> list:
        t, ident, law = self.t, self.policy.identity, legal_texts(self.lang)
        service = self.local(ident.service) or t("the social service")
        where = self.local(ident.service_address) or self.local(ident.address) or "…"
        return [
            self.p(t("Your rights"), "head"),
            self.p(_esc(law["heard"]).format(
                body=_esc(self.d.body) or self.local(ident.deciding_body) or t("the deciding body"),
                service=service, address=where, ref=_esc(self.h.file_reference or "…"))),
            self.p(_esc(law["appeal"]).format(
                tribunal=self.local(ident.tribunal_address)
                or t("competent labour tribunal (address to be set in the local policy)"))),
            *self.appeal_period(),
        ] + [self.p(_esc(part), "law") for key in ("article_728", "article_1017") for part in _paragraphs(law[key])]

    def appeal_period(self) -> list:
        """The notification and the last day of the appeal period, once the decision was notified."""
        if self.notification is None:
            return []
        on, method = self.notification
        until = _date(appeal_until(on, method), self.lang)
        text = (self.t("This decision was sent by registered letter on {date}: the three months run from the third "
                       "working day after posting (Judicial Code, art. 53bis), so an appeal can be lodged until "
                       "{until} included.") if method == "registered" else
                self.t("This decision was handed to you against a receipt on {date}: an appeal can be lodged "
                       "until {until} included."))
        return [self.p(text.format(date=_date(on, self.lang), until=until), "bold")]

    def signatures(self, width) -> list:
        given = self.policy.identity.signatories
        count = max(len(given), len(DEFAULT_TITLES))
        cells = []
        for i in range(count):
            signatory = given[i] if i < len(given) else None
            title = self.local(signatory.title) if signatory and signatory.title else self.default_title(i)
            name = self.local(signatory.name) if signatory else ""
            cells.append((self.p(title, "bold"), self.p(name)))
        space = [Spacer(1, 9 * mm)] * count  # where they sign
        return [Spacer(1, 2), _table([[c[0] for c in cells], space, [c[1] for c in cells]], [width / count] * count,
                                     header=False)]

    def default_title(self, i: int) -> str:
        if i >= len(DEFAULT_TITLES):
            return ""
        titles = dict(DEFAULT_TITLES[i])
        if self.region == "BRU" and self.policy.sheet_language == "file":
            return " / ".join((titles[self.lang], titles["nl" if self.lang == "fr" else "fr"]))
        return titles[self.lang]


def _paragraphs(text: str) -> list[str]:
    """A quoted article cut before each of its paragraphs (§), so that a page can break between them."""
    parts = text.split(" § ")
    first = f"{parts[0]} § {parts[1]}" if len(parts) > 1 else parts[0]  # the article's name with its § 1
    return [first] + [f"§ {part}" for part in parts[2:]]


def _member_label(t: Callable[[str], str], name: str, member: int | None, household: Household) -> str:
    """An income's name with whose it is ("Pension (Jean)"), so two pensions are told apart."""
    if member is None or member >= len(household.members):
        return t(name)
    m = household.members[member]
    who = _esc(m.first_name) or f"{t(ROLE_NAMES[m.role])} {member + 1}"
    return f"{t(name)} ({who})"


# -- the client's budget sheet ----------------------------------------------------------------------------


def client_sheet(a: Assessment, household: Household, policy: Policy, dataset: Dataset,
                 lang: str | None = None, anchor: str | None = None,
                 scenarios: Sequence[tuple[str, Totals]] = ()) -> bytes:
    """One page in the client's language: what comes in, what goes out first, what a month costs, and the
    difference, with subtotals the client can check against their own papers. With `scenarios` (the ones
    the caseworker chose, by name, with their totals), a second page "What could help" says in plain words
    what each would change, with their chart."""
    lang = lang or household.language
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    s = _styles()
    w = BODY_W
    money = lambda amount: _money(amount, lang)  # noqa: E731
    name = f"{household.client.first_name} {household.client.last_name}".strip()
    cpas = policy.identity.cpas_name.in_lang(lang) or policy.identity.cpas_name.fr

    income = [[Paragraph(t("What comes in each month"), s["bold"]), Paragraph(t("Amount"), s["bold_right"])]]
    for r in a.resources:
        income.append([Paragraph(_member_label(t, RESOURCE_NAMES[r.type], r.member, household), s["text"]),
                       Paragraph(money(r.counted), s["right"])])
    income.append([Paragraph(t("Total income"), s["bold"]), Paragraph(money(a.totals.resources), s["bold_right"])])
    charges = [[Paragraph(t("What you must pay first each month"), s["bold"]),
                Paragraph(t("Amount"), s["bold_right"])]]
    for c in a.charges:
        charges.append([Paragraph(t(CHARGE_NAMES[c.type]), s["text"]), Paragraph(money(c.counted), s["right"])])
    charges.append([Paragraph(t("Total charges"), s["bold"]), Paragraph(money(a.totals.charges), s["bold_right"])])
    left = a.totals.resources - a.totals.charges
    costs = [[Paragraph(t("What a month costs"), s["bold"]), Paragraph(t("Standard amount"), s["bold_right"]),
              Paragraph(t("Your own cost"), s["bold_right"]), Paragraph(t("Counted"), s["bold_right"])]]
    for c in a.categories:
        if c.used or c.standard:
            own = money(c.used) if c.basis != "standard" else ""
            costs.append([Paragraph(t(CATEGORY_NAMES[c.key]), s["text"]), Paragraph(money(c.standard), s["right"]),
                          Paragraph(own, s["right"]), Paragraph(money(c.used), s["right"])])
    costs.append([Paragraph(t("Total budget"), s["bold"]), "", "",
                  Paragraph(money(a.totals.reference_budget), s["bold_right"])])
    gap = a.totals.gap
    verdict = (t("Each month, {amount} is missing to reach this budget.") if gap > 0
               else t("Your resources cover this budget, with {amount} to spare.")).format(amount=money(abs(gap)))
    story = [
        Paragraph(_esc(cpas) or "CPAS / OCMW", s["small"]),
        Paragraph(t("Your monthly budget"), s["title"]),
        Paragraph((t("For {name}").format(name=_esc(name)) + " · " if name else "")
                  + t("File reference: {ref}").format(ref=_esc(household.file_reference or "…")) + " · "
                  + _date(a.date, lang), s["text"]),
        Spacer(1, 5),
        Paragraph(t("The standard amounts are what a household like yours needs each month for a dignified life: "
                    "a minimum for a healthy, well-informed household. They are not a rule about how you should "
                    "spend. Where you told us your own costs (rent, school, childcare, ...), we counted those."),
                  s["text"]),
        Spacer(1, 6),
        KeepTogether([_table(income, [w * 0.75, w * 0.25], total_rows=1)]),
        Spacer(1, 5),
    ]
    if a.charges:
        story += [KeepTogether([_table(charges, [w * 0.75, w * 0.25], total_rows=1)]), Spacer(1, 3),
                  Paragraph(t("Left to live on: {amount} a month.").format(amount=money(left)), s["bold"]),
                  Spacer(1, 5)]
    story += [
        KeepTogether([_table(costs, [w * 0.43, w * 0.19, w * 0.19, w * 0.19], total_rows=1)]),
        Spacer(1, 6),
        budget_chart(a, lang, w),
        Spacer(1, 4),
        Paragraph(verdict, s["bold"]),
    ]
    advice = _advice(t, household, gap)
    if advice:
        story += [Spacer(1, 5), Paragraph(t("What can help"), s["head"])]
        story += [Paragraph("• " + text, s["text"]) for text in advice]
    story += [Spacer(1, 6),
              Paragraph(t("The aid the CPAS decides is in the decision letter; this page only explains the budget. "
                          "Your social worker can go through it with you."), s["text"])]
    if scenarios:
        story += [PageBreak(), *_what_could_help(t, lang, a, scenarios)]
    footer = t("Computed by REDI Desktop {version} with the reference budgets {dataset}; reference {run}.").format(
        version=__version__, dataset=a.identity.dataset, run=a.identity.run_id) + (f" · {anchor}" if anchor else "")
    return _build(story, title=t("Your monthly budget"), author=cpas or "CPAS / OCMW",
                  subject=t("Reference budget"), lang=f"{lang}-BE", footer=footer)


def _what_could_help(t: Callable[[str], str], lang: str, a: Assessment,
                     scenarios: Sequence[tuple[str, Totals]]) -> list:
    """The scenarios in plain words: what the month would look like, against today; then their chart."""
    s = _styles()
    money = lambda amount: _money(amount, lang)  # noqa: E731
    story = [Paragraph(t("What could help"), s["title"]),
             Paragraph(t("We looked together at what could change your budget. These are possibilities to work "
                         "on, not decisions: the aid the CPAS decides is in the decision letter."), s["text"]),
             Spacer(1, 6)]
    gap = a.totals.gap
    today = (t("Today, {amount} is missing each month.") if gap > 0
             else t("Today, your resources cover the budget, with {amount} to spare.")).format(amount=money(abs(gap)))
    story += [Paragraph(today, s["bold"]), Spacer(1, 4)]
    for name, totals in scenarios:
        change = totals.gap - gap
        if totals.gap > 0:
            effect = t("{amount} would still be missing each month").format(amount=money(totals.gap))
        elif totals.gap == 0:
            effect = t("your resources would exactly cover the budget")
        else:
            effect = t("your resources would cover the budget, with {amount} to spare").format(
                amount=money(-totals.gap))
        if change < 0:
            effect += " " + t("({amount} better than today).").format(amount=money(-change))
        elif change > 0:
            effect += " " + t("({amount} less than today).").format(amount=money(change))
        else:
            effect += " " + t("(no change from today).")
        story.append(Paragraph(f"• <b>{_esc(name)}</b>: {effect}", s["text"]))
    story += [Spacer(1, 8), scenario_chart(a.totals, scenarios, lang, BODY_W)]
    return story


def _advice(t: Callable[[str], str], household: Household, gap: Decimal) -> list[str]:
    """Only the advice that applies to this household (none when its resources cover the budget)."""
    if gap <= 0:
        return []
    out = []
    if not household.health.increased_reimbursement:
        out.append(t("Ask your health insurance fund whether you are entitled to the increased reimbursement "
                     "(BIM): it lowers medical costs and opens other reduced tariffs."))
    out.append(t("Claim the rights you may have: the social energy tariff, a school allowance, a reduced "
                 "public transport fare."))
    if household.housing.tenure == "private_rent":
        out.append(t("Your rent weighs on the budget: ask about social housing or a housing allowance."))
    return out


# -- the acknowledgment of receipt of a request (organic law, art. 58 § 2) -------------------------------


class _Acknowledgment(_Letter):
    """One language of the acknowledgment of receipt: handed or sent the day the request is received."""

    SECTIONS = ("ack_heading", "ack_request", "ack_rights", "ack_signature")

    def __init__(self, lang, household, policy, profile, date, request, reference, size=SIZE):
        super().__init__(lang, None, household, policy, None, Decision(), profile, date, size)
        self.request, self.reference = request, reference

    def ack_heading(self, width) -> list:
        return [self.p(self.t("Acknowledgment of receipt of your request for social aid"), "title")]

    def ack_request(self, width) -> list:
        t, r = self.t, self.request
        out = [self.p(t("We received your request for social aid on {date} ({how}). It is entered in our register of "
                        "requests under number {number}.").format(
            date=_date(r.received, self.lang), how=t(CHANNEL_NAMES[r.how]), number=f"<b>{_esc(self.reference)}</b>"))]
        if r.asked:
            out.append(self.p(t("What you ask: {asked}").format(asked=_esc(r.asked))))
        return out

    def ack_rights(self, width) -> list:
        t, ident = self.t, self.policy.identity
        tribunal = (self.local(ident.tribunal_address)
                    or t("competent labour tribunal (address to be set in the local policy)"))
        return [
            self.p(t("Your rights in short"), "head"),
            self.p("• " + t("The CPAS decides within 30 days of your request, that is by {date} at the latest, and "
                            "notifies you of its decision within 8 days, by registered letter or by hand against a "
                            "receipt (organic law of 8 July 1976, articles 58 and 62bis).").format(
                date=_date(decision_due(self.request.received), self.lang))),
            self.p("• " + t("Before it decides, you may ask to be heard, with a person of your choice.")),
            self.p("• " + t("Without a decision within the 30 days, you may appeal to the {tribunal} (article 71).")
                   .format(tribunal=tribunal)),
            self.p("• " + t("Keep this acknowledgment: it proves the date of your request.")),
        ]

    def ack_signature(self, width) -> list:
        who = _esc(self.request.received_by or self.profile.name)
        return [Spacer(1, 4), self.p(self.t("Received by: {name}").format(name=who or "…")), Spacer(1, 12 * mm)]


def acknowledgment(household: Household, policy: Policy, request: Request, reference: str,
                   profile: Profile | None = None) -> bytes:
    """The acknowledgment of receipt of a request as PDF bytes, from the policy's identity and in its
    language mode, for a window envelope (dated the day the request was received)."""
    langs = _letter_languages(policy, household)
    size = SIZE if len(langs) == 1 else SIZE_BILINGUAL
    letters = {lang: _Acknowledgment(lang, household, policy, profile or Profile(), request.received, request,
                                     reference, size) for lang in langs}
    frames, story = _window_letter(letters, langs, policy)
    title = " / ".join(dict.fromkeys(letters[lang].t("Acknowledgment of receipt") for lang in langs))
    return _build(story, title=f"{title} – {reference}", author=str(policy.identity.cpas_name) or "CPAS / OCMW",
                  subject=reference, lang=f"{langs[0]}-BE", footer=f"REDI Desktop {__version__} · {reference}",
                  templates=[PageTemplate("first", frames, onPage=_fold_marks)])


# -- the agenda of a meeting of the deciding body ---------------------------------------------------------


def meeting_agenda(on: dt.date, body: str, items: list[tuple[Assessment, Household, Policy, Dataset, Decision | None]],
                   policy: Policy, lang: str) -> bytes:
    """The agenda for the members: each case with its household, budget, resources, gap, the computed aid
    (under the policy version its assessment used), the caseworker's proposal and the reasons, in one
    language; `policy` is the CPAS's active one (its identity)."""
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    s = _styles(SIZE)
    small_head = _styles(7.5)["bold_right"]  # "Referentiebudget" fits a sixth of the page at 7.5 pt, not at 9
    body = _esc(body) or _esc(policy.identity.deciding_body.in_lang(lang) or str(policy.identity.deciding_body))
    story: list = [Paragraph(t("Agenda of the meeting of {date}").format(date=_date(on, lang)), s["title"]),
                   Paragraph(body or "…", s["text"]),
                   Paragraph(ngettext_in(lang, "{n} case", "{n} cases", len(items)).format(n=len(items)), s["small"])]
    for number, (a, household, used, dataset, decision) in enumerate(items, 1):
        letter = _Letter(lang, a, household, used, dataset, decision or Decision(), Profile(), on)
        name = " ".join(x for x in (household.client.first_name, household.client.last_name) if x)
        ref = household.file_reference or "…"
        totals = a.totals
        proposed = (decision.proposal_amount if decision and decision.proposal_amount is not None
                    else totals.proposed_aid)
        head = [Paragraph(t(k), small_head) for k in (TOTAL_NAMES["reference_budget"], TOTAL_NAMES["resources"],
                                                       TOTAL_NAMES["charges"], TOTAL_NAMES["gap"],
                                                       N_("Computed"), N_("Proposed"))]
        values = [letter.p(letter.money(v), "right") for v in (totals.reference_budget, totals.resources,
                                                               totals.charges, totals.gap, totals.proposed_aid)]
        values.append(letter.p(letter.money(proposed), "bold_right"))
        block = [Paragraph(f"{number}. {_esc(ref)} – {_esc(name)}", s["head"]),
                 *letter.facts(BODY_W)[1:],
                 _table([head, values], [BODY_W / 6] * 6),
                 *letter.proposal(BODY_W)[2:]]
        story.append(KeepTogether(block))
    return _build(story, title=t("Agenda of the meeting of {date}").format(date=on.isoformat()),
                  author=str(policy.identity.cpas_name) or "CPAS / OCMW", subject=on.isoformat(),
                  lang=f"{lang}-BE", footer=f"REDI Desktop {__version__} · {on.isoformat()}")


# -- what the other documents of report/ are built with (report/practice.py) -----------------------------

build_document = _build
escape = _esc
paragraph_styles = _styles
money_text = _money
plain_table = _table
