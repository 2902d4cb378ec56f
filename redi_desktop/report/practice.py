"""The anonymised practice report as PDF: the period's requests and decisions, the times to decision and to
notification against the law's limits, gaps by household type, computed against proposed against granted
aid, and the corrections by category with their reasons; bar charts drawn with reportlab.graphics. No
person and no caseworker is named or counted apart."""

from __future__ import annotations

from decimal import Decimal

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from .. import __version__
from ..domain.messages import N_
from ..domain.practice import HOUSEHOLD_TYPES, OUTCOMES, PracticeFigures
from ..i18n import CATEGORY_NAMES, CHANNEL_NAMES, OUTCOME_NAMES, format_amount, format_date, gettext_in
from .sheet import BODY_W, FONT, SIZE, build_document, escape, money_text, paragraph_styles, plain_table

HOUSEHOLD_NAMES = {"single": N_("single person"), "couple": N_("couple"), "single_parent": N_("single parent"),
                   "couple_with_children": N_("couple with children"), "other": N_("with other adults")}
BLUE, GREY, RED = colors.HexColor("#4A7AB0"), colors.HexColor("#B0B0B0"), colors.HexColor("#B04A4A")


def _bars(names: list[str], values: list[int], fills: list, height: float = 38 * mm) -> Drawing:
    """Counts as vertical bars, each labelled with its count (the chart only draws)."""
    drawing = Drawing(BODY_W, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 15 * mm, 10 * mm, BODY_W - 30 * mm, height - 16 * mm
    chart.data = [values or [0]]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([*values, 1]) * 1.15
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7
    chart.valueAxis.labelTextFormat = lambda v: str(int(v)) if v == int(v) else ""
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 7.5
    for i, fill in enumerate(fills):
        chart.bars[(0, i)].fillColor = fill
    chart.barLabelFormat = lambda v: str(int(v))
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 8
    chart.barLabels.nudge = 6
    drawing.add(chart)
    return drawing


def _gap_chart(t, lang: str, names: list[str], gaps: list[Decimal]) -> Drawing:
    drawing = Drawing(BODY_W, max(len(names), 1) * 7 * mm + 10 * mm)
    chart = HorizontalBarChart()
    chart.x, chart.y = 50 * mm, 6 * mm
    chart.width, chart.height = BODY_W - 75 * mm, max(len(names), 1) * 7 * mm
    chart.data = [[int(max(g, Decimal(0))) for g in gaps] or [0]]
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = FONT, 7
    chart.valueAxis.labelTextFormat = lambda v: format_amount(Decimal(int(v)), lang).split(",")[0] + " €"
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.labels.fontName, chart.categoryAxis.labels.fontSize = FONT, 7.5
    chart.categoryAxis.labels.dx, chart.categoryAxis.labels.textAnchor = -4, "end"
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = lambda v: format_amount(Decimal(int(v)), lang).split(",")[0] + " €"
    chart.barLabels.fontName, chart.barLabels.fontSize = FONT, 7.5
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    drawing.add(chart)
    return drawing


def practice_report(f: PracticeFigures, cpas: str, lang: str) -> bytes:
    """The report of a period in one language."""
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    s = paragraph_styles(SIZE)

    def p(text: str, style: str = "text") -> Paragraph:
        return Paragraph(text, s[style])

    def rows(pairs) -> list:
        return [[p(label), p(str(value), "right")] for label, value in pairs]

    def money(amount: Decimal) -> str:
        return money_text(amount, lang)

    w = BODY_W * 0.7
    period = t("from {start} to {end}").format(start=format_date(f.start, lang), end=format_date(f.end, lang))
    story = [p(t("The practice of the social service"), "title"), p(f"{escape(cpas)} – {period}"),
             p(t("Anonymised figures: no person and no social worker is named or counted apart."), "small")]

    story += [p(t("Requests and decisions"), "head"),
              plain_table([[p(t("Requests received"), "bold"), p(str(f.requests), "bold_right")]]
                          + rows((t(CHANNEL_NAMES[k]), v) for k, v in sorted(f.requests_by_channel.items()))
                          + [[p(t("Decisions taken"), "bold"), p(str(f.decisions), "bold_right")]]
                          + rows((t(OUTCOME_NAMES[k]), f.decisions_by_outcome.get(k, 0)) for k in OUTCOMES),
                          [w * 0.75, w * 0.25], header=False),
              _bars([t(OUTCOME_NAMES[k]) for k in OUTCOMES], [f.decisions_by_outcome.get(k, 0) for k in OUTCOMES],
                    [BLUE, GREY, RED])]

    for title, delay in ((N_("Time to decision (30 days, organic law art. 58)"), f.decision_delay),
                         (N_("Time to notification (8 days, art. 62bis)"), f.notification_delay)):
        median = "–" if delay.median_days is None else f"{delay.median_days:g}"
        story += [p(t(title), "head"),
                  plain_table(rows(((t("within the limit"), delay.on_time), (t("after the limit"), delay.late),
                                    (t("not yet done"), delay.pending),
                                    (t("not yet done, limit passed"), delay.pending_overdue),
                                    (t("median, in days"), median))), [w * 0.75, w * 0.25], header=False),
                  _bars([t("within the limit"), t("after the limit"), t("not yet done")],
                        [delay.on_time, delay.late, delay.pending], [BLUE, RED, GREY], 32 * mm)]

    kinds = [k for k in HOUSEHOLD_TYPES if k in f.gaps_by_household]
    story += [p(t("Gap by household type (decisions of the period)"), "head"),
              plain_table([[p(t("Household"), "bold"), p(t("Cases"), "bold_right"), p(t("Mean gap"), "bold_right"),
                            p(t("Median gap"), "bold_right")]]
                          + [[p(t(HOUSEHOLD_NAMES[k])), p(str(f.gaps_by_household[k].cases), "right"),
                              p(money(f.gaps_by_household[k].mean_gap), "right"),
                              p(money(f.gaps_by_household[k].median_gap), "right")] for k in kinds],
                          [w * 0.4, w * 0.15, w * 0.225, w * 0.225]),
              _gap_chart(t, lang, [t(HOUSEHOLD_NAMES[k]) for k in kinds],
                         [f.gaps_by_household[k].mean_gap for k in kinds])]

    story += [p(t("Computed, proposed and granted aid (decisions granting aid, a month)"), "head"),
              plain_table(rows(((t("computed under the policy"), money(f.computed)),
                                (t("proposed by the social workers"), money(f.proposed)),
                                (t("granted by the committee"), money(f.granted)))), [w * 0.75, w * 0.25],
                          header=False)]

    story += [p(t("Corrections of the budget by category, with their reasons"), "head")]
    if not f.overrides:
        story.append(p(t("No correction in the period.")))
    for key, reasons in f.overrides.items():
        story.append(p(f"<b>{t(CATEGORY_NAMES[key])}</b>: {sum(reasons.values())}"))
        for reason, count in reasons.items():
            story.append(p(f"• {escape(reason) or '–'} ({count})"))
    story.append(Spacer(1, 4))
    return build_document(story, title=t("The practice of the social service") + f" – {period}", author=cpas,
                          subject=period, lang=f"{lang}-BE", footer=f"REDI Desktop {__version__} · {period}")
