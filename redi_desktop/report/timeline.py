"""A case's timeline as PDF: the request, the assessments, the decisions and the notifications in order,
and a chart of the budget, the resources, the gap and the aid granted over time (reportlab.graphics; the
budget charts of the sheets are report/charts.py's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from .. import __version__
from ..domain.messages import N_
from ..i18n import (
    CHANNEL_NAMES,
    METHOD_NAMES,
    OUTCOME_NAMES,
    format_amount,
    format_date,
    format_short_date,
    gettext_in,
)
from .sheet import BODY_W, FONT, SIZE, build_document, escape, paragraph_styles, plain_table

SERIES = ((N_("Reference budget"), colors.HexColor("#4A7AB0")), (N_("Resources"), colors.HexColor("#7AA05A")),
          (N_("Gap"), colors.HexColor("#B04A4A")), (N_("Aid granted"), colors.HexColor("#E0A030")))


def timeline_drawing(points: list[tuple[dt.date, Decimal, Decimal, Decimal, Decimal]], lang: str) -> Drawing:
    """Budget, resources, gap and aid granted at each dated point (whole euros, days on the x axis)."""
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    drawing = Drawing(BODY_W, 62 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 18 * mm, 18 * mm, BODY_W - 24 * mm, 40 * mm
    first = points[0][0] if points else dt.date.today()
    xs = [(p[0] - first).days for p in points] or [0]
    span = max(xs)
    def steps(i: int) -> list[tuple[int, int]]:  # each value holds until the next one: a step, not a slope
        out: list[tuple[int, int]] = []
        for x, p in zip(xs, points, strict=True):
            if out and x - 1 > out[-1][0]:
                out.append((x - 1, out[-1][1]))
            out.append((x, int(p[i])))
        return out or [(0, 0)]

    plot.data = [steps(i) for i in range(1, 5)]
    for i, (_name, color) in enumerate(SERIES):
        plot.lines[i].strokeColor = color
        plot.lines[i].strokeWidth = 1.4
        plot.lines[i].symbol = makeMarker("FilledCircle", size=3, fillColor=color, strokeColor=color)
    low = min([0, *[int(v) for p in points for v in p[1:]]])
    plot.yValueAxis.valueMin = low
    plot.yValueAxis.labels.fontName, plot.yValueAxis.labels.fontSize = FONT, 7
    plot.yValueAxis.labelTextFormat = lambda v: format_amount(Decimal(int(v)), lang).split(",")[0] + " €"
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = (0, span) if span else (-30, 30)  # one day: centred
    shown: list[int] = []
    for x in sorted(set(xs)):  # a date label only where it does not run into the one before
        if not shown or x - shown[-1] >= max(span, 1) / 8:
            shown.append(x)
    plot.xValueAxis.valueSteps = shown
    plot.xValueAxis.labels.fontName, plot.xValueAxis.labels.fontSize = FONT, 7
    plot.xValueAxis.labels.angle, plot.xValueAxis.labels.boxAnchor = 30, "ne"
    plot.xValueAxis.labelTextFormat = lambda v: format_short_date(first + dt.timedelta(days=int(v)), lang)
    drawing.add(plot)
    legend = Legend()
    legend.x, legend.y = 18 * mm, 61 * mm
    legend.alignment, legend.columnMaximum, legend.dx, legend.dy = "right", 1, 6, 6
    legend.fontName, legend.fontSize = FONT, 7.5
    legend.colorNamePairs = [(color, t(name)) for name, color in SERIES]
    legend.deltax = 38 * mm
    drawing.add(legend)
    return drawing


def _event_text(t, lang: str, kind: str, v: dict) -> str:
    def money(amount) -> str:
        return format_amount(Decimal(amount), lang) + " €"

    if kind == "request":
        return t("Request {number} received ({how})").format(number=v["number"], how=t(CHANNEL_NAMES[v["how"]]))
    if kind == "assessment":
        return t("Assessment: budget {budget}, resources {resources}, gap {gap}, computed aid {aid}").format(
            budget=money(v["reference_budget"]), resources=money(v["resources"]), gap=money(v["gap"]),
            aid=money(v["proposed_aid"]))
    if kind == "decision":
        text = t("Decision: {outcome}").format(outcome=t(OUTCOME_NAMES[v["outcome"]]))
        return text + (f", {money(v['amount'])}" if v.get("amount") else "")
    return t("Notification: {method}").format(method=t(METHOD_NAMES[v["method"]]))


def timeline_sheet(title: str, events: list[tuple[dt.date, str, dict]], points, lang: str) -> bytes:
    """The timeline of one case: its events in order (day, kind, values) and the chart."""
    t = lambda text: gettext_in(lang, text)  # noqa: E731
    s = paragraph_styles(SIZE)
    rows = [[Paragraph(format_date(day, lang), s["text"]), Paragraph(escape(_event_text(t, lang, kind, values)),
                                                                    s["text"])] for day, kind, values in events]
    story = [Paragraph(t("Timeline of the case {ref}").format(ref=escape(title)), s["title"]),
             Spacer(1, 3), timeline_drawing(points, lang), Spacer(1, 4),
             plain_table(rows or [["", ""]], [BODY_W * 0.25, BODY_W * 0.75], header=False)]
    return build_document(story, title=t("Timeline of the case {ref}").format(ref=title), author="REDI Desktop",
                          subject=title, lang=f"{lang}-BE", footer=f"REDI Desktop {__version__} · {title}")
