"""The printable returns (#18 item 10, "PDF return headings do not line up with their
numbers"): laid out by WeasyPrint as the download is, each column's heading ends where its
figures end, and each row's label starts where the label column's heading starts."""

from collections import defaultdict

from django.template.loader import render_to_string
from weasyprint import HTML

from victimcare.insights.selectors import Table

TABLES = [
    Table(
        key="by_sex",
        title="Victims referred and supported, by sex",
        columns=["Sex", "Referred", "Supported", "Share of the area's population (%)"],
        rows=[
            ["Female", 1234, 56, "51.2"],
            ["Male", 7, "fewer than 5", "48.8"],
            ["Total", 1241, 60, ""],
        ],
    ),
    Table(
        key="satisfaction",
        title="Satisfaction (survey answers received)",
        columns=["Question", "Satisfied", "Answers"],
        rows=[["Treated sensitively and with respect", 18, 20], ["Overall", "not shown", 9]],
    ),
]


def _boxes(box, column=None):  # type: ignore[no-untyped-def]
    """Every layout box in reading order, with the index of the table cell it is in."""
    if type(box).__name__ == "TableCellBox":
        column = box.grid_x
    yield box, column
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child, column)


def _text_edges(html: str) -> dict[str, dict[int, list[tuple[str, float, float]]]]:
    """For each table (by caption), each column's lines of text: (words, left, right)."""
    tables: dict[str, dict[int, list[tuple[str, float, float]]]] = {}
    caption = ""
    for page in HTML(string=html).render().pages:
        for box, column in _boxes(page._page_box):
            if type(box).__name__ != "TextBox":
                continue
            if box.element_tag == "caption":
                caption = box.text
                tables[caption] = defaultdict(list)
            elif caption and column is not None:
                tables[caption][column].append(
                    (box.text, box.position_x, box.position_x + box.width)
                )
    return tables


def test_each_heading_sits_over_its_figures_in_the_pdf() -> None:
    html = render_to_string(
        "insights/report_pdf.html", {"title": "Return", "tables": TABLES, "note": "A note"}
    )
    laid_out = _text_edges(html)
    assert set(laid_out) == {table.title for table in TABLES}
    for table in TABLES:
        columns = laid_out[table.title]
        assert len(columns) == len(table.columns), table.title
        label, *figures = (columns[i] for i in range(len(table.columns)))
        heading_left = label[0][1]
        assert all(abs(left - heading_left) < 0.5 for _, left, _ in label), (table.title, label)
        for cells in figures:
            ends = {round(right, 1) for text, _, right in cells if text.strip()}
            assert max(ends) - min(ends) < 0.5, (table.title, cells)
