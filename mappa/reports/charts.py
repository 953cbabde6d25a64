"""Bar charts drawn on the server as SVG, for the page and the PDF alike: no script, nothing fetched."""
from django.utils.html import escape
from django.utils.safestring import mark_safe

from mappa.reports.rules import Table

WIDTH, LABEL, BAR, GAP = 560, 220, 18, 8
COLOUR = "#1d70b8"  # GOV.UK blue


def bar_chart(title: str, bars: list[tuple[str, int]]) -> str:
    """Horizontal bars, one per (label, value), scaled to the largest, each with its number written beside it."""
    most = max((v for _, v in bars), default=0) or 1
    room = WIDTH - LABEL - 60
    height = len(bars) * (BAR + GAP) + GAP
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" role="img" '
             f'viewBox="0 0 {WIDTH} {height}" aria-label="{escape(title)}" font-family="Arial, sans-serif" font-size="13">',
             f"<title>{escape(title)}</title>"]
    for i, (label, value) in enumerate(bars):
        y = GAP + i * (BAR + GAP)
        length = round(room * value / most)
        parts.append(f'<text x="{LABEL - 8}" y="{y + BAR - 5}" text-anchor="end" fill="#0b0c0c">{escape(label)}</text>')
        parts.append(f'<rect x="{LABEL}" y="{y}" width="{length}" height="{BAR}" fill="{COLOUR}"/>')
        parts.append(f'<text x="{LABEL + length + 6}" y="{y + BAR - 5}" fill="#0b0c0c">{value}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every label is escaped above, values are integers


def table_chart(table: Table) -> str:
    """A table's rows as bars (its first column), leaving out the total and any rate."""
    bars = [(row.label, row.cells[-1].value or 0) for row in table.rows
            if row.label != "Total" and not row.label.startswith("Per ")]
    return bar_chart(table.title, bars)


CHARTED = ("eligible", "level2", "level3", "rso", "board_levels", "board_gender", "board_age")
