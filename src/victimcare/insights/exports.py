"""Report tables as CSV, XLSX (openpyxl) and a printable PDF (WeasyPrint)."""

import io
from collections.abc import Sequence

from django.http import HttpResponse
from django.template.loader import render_to_string

from victimcare.core.spreadsheets import csv_writer, xlsx_append
from victimcare.insights.selectors import Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def tables_csv(title: str, tables: Sequence[Table], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow([title])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        writer.writerows(table.rows)
    return _download(buffer.getvalue(), "text/csv; charset=utf-8", f"{filename}.csv")


def tables_xlsx(title: str, tables: Sequence[Table], filename: str) -> HttpResponse:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for table in tables:
        sheet = book.create_sheet(table.key[:31])
        xlsx_append(sheet, [title])
        xlsx_append(sheet, [table.title])
        xlsx_append(sheet, table.columns)
        for row in table.rows:
            xlsx_append(sheet, row)
    buffer = io.BytesIO()
    book.save(buffer)
    return _download(buffer.getvalue(), XLSX, f"{filename}.xlsx")


def tables_pdf(title: str, tables: Sequence[Table], filename: str, note: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string(
        "insights/report_pdf.html", {"title": title, "tables": tables, "note": note}
    )
    return _download(HTML(string=html).write_pdf(), "application/pdf", f"{filename}.pdf")
