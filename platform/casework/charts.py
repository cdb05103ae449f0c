"""Horizontal bar charts drawn on the server as inline SVG (no script, no CDN).
Numbers are formatted here, with dots: templates would localise them."""

from __future__ import annotations

from dataclasses import dataclass

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 210
CHART_WIDTH = 640
VALUE_SPACE = 70


@dataclass
class Bar:
    label: str
    value_text: str
    y: str
    text_y: str
    width: str
    value_x: str


@dataclass
class Chart:
    title: str
    bars: list[Bar]
    height: str
    width: str = str(CHART_WIDTH)
    label_width: str = str(LABEL_WIDTH)


def bar_chart(title: str, rows: list[tuple[str, float]], *, value_format=str) -> Chart:
    top = max((value for _, value in rows), default=0) or 1
    span = CHART_WIDTH - LABEL_WIDTH - VALUE_SPACE
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + GAP)
        width = span * (value or 0) / top
        bars.append(Bar(
            label=label if len(label) <= 30 else label[:29] + "…",
            value_text=value_format(value), y=f"{y:.0f}", text_y=f"{y + BAR_HEIGHT * 0.7:.1f}",
            width=f"{width:.1f}", value_x=f"{LABEL_WIDTH + width + 6:.1f}"))
    height = max(len(rows), 1) * (BAR_HEIGHT + GAP)
    return Chart(title=title, bars=bars, height=f"{height:.0f}")
