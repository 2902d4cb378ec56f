"""The pictures of a budget, one drawing for screen and paper (reportlab graphics).

- `budget_chart`: what a month needs (the budget by category, then the charges paid first) in one stacked
  bar, and under it what comes in, on the same scale, with what is missing (or left over) marked;
- `scenario_chart`: the gap today and in each scenario, side by side.

Each returns a reportlab `Drawing`: the PDFs place it as it is, the GUI shows `svg(drawing)` (QtSvg). Every
label comes from the catalogs in the asked language and every amount is formatted by i18n (babel); text is
8.5 pt or more, as the letter's readability rules ask.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from ..domain.assessment import Assessment, Totals
from ..domain.messages import N_
from ..i18n import CATEGORY_NAMES, format_amount, gettext_in
from .fonts import BOLD, FONT, register_fonts

TEXT = 8.5  # the smallest size of the letter's body text
INK = colors.HexColor("#222222")
# categories in calm, distinct colours (readable in grey on a black and white printer: light to dark)
PALETTE = ("#3B6EA8", "#6A9FD4", "#A8C8E8", "#4F9A8A", "#8CC5B7", "#C9B26B")
OTHER, CHARGES, INCOME = colors.HexColor("#C8C8C8"), colors.HexColor("#7A7A7A"), colors.HexColor("#2E7D4F")
MISSING = colors.HexColor("#C0392B")
SMALL_WIDTH = 125 * mm  # the live panel's chart: narrower, so that its text reads larger on screen
NAMED = 5  # the largest categories named in the bar; the others are "other needs"


def euros(amount: Decimal, lang: str) -> str:
    """Whole euros (rounded half-up, the product's one rule), grouped as the language groups: 1 234 €."""
    whole = format_amount(amount.quantize(Decimal("1"), ROUND_HALF_UP), lang).split(",")[0]
    return f"{whole} €"


def _fit(text: str, width: float, size: float = TEXT, font: str = FONT) -> str:
    """A label cut with an ellipsis to fit a width."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _text(d: Drawing, x: float, y: float, text: str, bold: bool = False, anchor: str = "start",
          fill=INK) -> None:
    d.add(String(x, y, text, fontName=BOLD if bold else FONT, fontSize=TEXT, fillColor=fill, textAnchor=anchor))


def budget_chart(a: Assessment, lang: str, width: float = 175 * mm, key: bool = True) -> Drawing:
    """Needs (budget by category, then charges) above what comes in; the gap marked between them; with
    `key`, the name and amount of each part of the needs under them (the small chart on screen has none)."""
    register_fonts()
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    totals = a.totals
    needs = totals.reference_budget + totals.charges
    scale_to = max(needs, totals.resources, Decimal("1"))
    label_w, right_w = 38 * mm, 30 * mm
    bar_w = width - label_w - right_w
    bar_h, gap_y = 9 * mm, 4 * mm
    # the needs, largest categories first, then the rest, then the charges paid first
    used = sorted((c for c in a.categories if c.used > 0), key=lambda c: c.used, reverse=True)
    segments = [(t(CATEGORY_NAMES[c.key]), c.used, colors.HexColor(PALETTE[i])) for i, c in enumerate(used[:NAMED])]
    rest = sum((c.used for c in used[NAMED:]), Decimal("0"))
    if rest:
        segments.append((t(N_("Other needs")), rest, OTHER))
    if totals.charges > 0:
        segments.append((t(N_("Charges paid first")), totals.charges, CHARGES))
    legend_h = 4.5 * mm * -(-len(segments) // 3) + 3 * mm if key else 0
    height = legend_h + 2 * bar_h + gap_y + 9 * mm
    d = _drawing(width, height)
    x0 = label_w
    needs_y = height - 3 * mm - bar_h
    income_y = needs_y - gap_y - bar_h

    def span(amount: Decimal) -> float:
        return float(amount / scale_to) * bar_w

    x = x0
    for _name, amount, colour in segments:
        w = span(amount)
        d.add(Rect(x, needs_y, w, bar_h, fillColor=colour, strokeColor=colors.white, strokeWidth=0.6))
        x += w
    needs_label, income_label = t(N_("What a month needs")), t(N_("What comes in"))
    _text(d, x0 - 2 * mm, needs_y + bar_h / 2 - 3, _fit(needs_label, label_w - 3 * mm, font=BOLD), True, "end")
    _text(d, x0 + span(needs) + 1.5 * mm, needs_y + bar_h / 2 - 3, euros(needs, lang), True)

    # what comes in, and what is missing up to the needs (or what is left over)
    income_w = span(max(totals.resources, Decimal("0")))
    d.add(Rect(x0, income_y, income_w, bar_h, fillColor=INCOME, strokeColor=None))
    _text(d, x0 - 2 * mm, income_y + bar_h / 2 - 3, _fit(income_label, label_w - 3 * mm, font=BOLD), True, "end")
    gap = totals.gap
    if gap > 0:
        d.add(Rect(x0 + income_w, income_y, span(gap), bar_h, fillColor=colors.white, strokeColor=MISSING,
                   strokeWidth=1.2, strokeDashArray=(3, 2)))
        say = t(N_("missing: {amount}")).format(amount=euros(gap, lang))
        end = x0 + income_w + span(gap)
    else:
        say = t(N_("left over: {amount}")).format(amount=euros(-gap, lang))
        end = x0 + income_w
        d.add(Line(x0 + span(needs), income_y - 1 * mm, x0 + span(needs), needs_y, strokeColor=INK,
                   strokeWidth=0.8, strokeDashArray=(2, 2)))
    fill = MISSING if gap > 0 else INCOME
    if gap > 0 and span(gap) > stringWidth(say, BOLD, TEXT) + 3 * mm:  # inside the box of what is missing
        _text(d, x0 + income_w + span(gap) / 2, income_y + bar_h / 2 - 3, say, True, "middle", fill)
    else:
        _text(d, end + 1.5 * mm, income_y + bar_h / 2 - 3, _fit(say, width - end - 1 * mm, font=BOLD), True, fill=fill)
    if income_w > 14 * mm:
        _text(d, x0 + 1.5 * mm, income_y + bar_h / 2 - 3, euros(totals.resources, lang), True, fill=colors.white)

    if key:
        _legend(d, segments, lang, x0=2 * mm, top=income_y - 4 * mm, width=width - 4 * mm)
    return d


def _drawing(width: float, height: float) -> Drawing:
    """A drawing on white (a screen in dark mode shows it as it prints)."""
    d = Drawing(width, height)
    d.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=None))
    return d


def _legend(d: Drawing, segments, lang: str, x0: float, top: float, width: float) -> None:
    """A key in three columns: colour, name and amount of each segment."""
    cell = width / 3
    for i, (name, amount, colour) in enumerate(segments):
        x, y = x0 + (i % 3) * cell, top - (i // 3) * 4.5 * mm - 3 * mm
        d.add(Rect(x, y, 3 * mm, 3 * mm, fillColor=colour, strokeColor=None))
        _text(d, x + 4 * mm, y + 0.4 * mm, _fit(f"{name} {euros(amount, lang)}", cell - 5 * mm))


def scenario_chart(reference: Totals, scenarios: Sequence[tuple[str, Totals]], lang: str,
                   width: float = 175 * mm) -> Drawing:
    """The gap today and in each scenario: a bar to the right is missing each month, to the left left over."""
    register_fonts()
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    rows = [(t(N_("Today")), reference)] + list(scenarios)
    row_h = 8 * mm
    height = row_h * len(rows) + 10 * mm
    d = _drawing(width, height)
    label_w, value_w = 52 * mm, 24 * mm
    span = max([abs(r.gap) for _n, r in rows] + [Decimal("1")])
    negative = any(r.gap < 0 for _n, r in rows)
    positive = any(r.gap > 0 for _n, r in rows)
    plot_w = width - label_w - 2 * value_w if negative else width - label_w - value_w
    zero = label_w + value_w if negative else label_w
    unit = plot_w / float(span) if not (negative and positive) else plot_w / 2 / float(span)
    if negative and positive:
        zero = label_w + value_w + plot_w / 2
    top = height - 8 * mm
    title = t(N_("Missing each month (left over: to the left)"))
    _text(d, label_w, top + 2.5 * mm, title)
    for i, (name, totals) in enumerate(rows):
        y = top - (i + 1) * row_h + 1.5 * mm
        w = float(abs(totals.gap)) * unit
        colour = MISSING if totals.gap > 0 else INCOME
        if i == 0:
            colour = colors.HexColor("#8A8A8A") if totals.gap > 0 else INCOME
        x = zero if totals.gap >= 0 else zero - w
        d.add(Rect(x, y, max(w, 0.5), row_h - 3 * mm, fillColor=colour, strokeColor=None))
        _text(d, label_w - 2 * mm, y + 1.2 * mm, _fit(name, label_w - 4 * mm), i == 0, "end")
        value = euros(abs(totals.gap), lang)
        if totals.gap >= 0:
            _text(d, zero + w + 1.5 * mm, y + 1.2 * mm, value, True)
        else:
            _text(d, zero - w - 1.5 * mm, y + 1.2 * mm, value, True, "end")
    d.add(Line(zero, 1 * mm, zero, top, strokeColor=INK, strokeWidth=0.8))
    return d


def svg(drawing: Drawing) -> bytes:
    """The drawing as SVG, for the screen (the same drawing the PDF places)."""
    from reportlab.graphics import renderSVG

    return renderSVG.drawToString(drawing).encode("utf-8")


def pdf(drawing: Drawing) -> bytes:
    """The drawing alone as a one-page PDF, as the sheets print it (for review)."""
    from reportlab.graphics import renderPDF

    return renderPDF.drawToString(drawing)
