"""Documents as PDF (minutes, meeting packs, plans), each page marked with its protective marking.

WeasyPrint lays out an HTML template. It is given no way to fetch anything: everything the document
shows is in the template, so a PDF never reaches the network or another file.
"""
from django.http import HttpResponse
from django.template.loader import render_to_string


def _no_fetching(url, *args, **kwargs):
    raise ValueError(f"PDF documents do not load outside resources ({url})")


def render_pdf_bytes(template: str, context: dict, *, marking: str, title: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, {**context, "marking": marking, "title": title})
    return HTML(string=html, url_fetcher=_no_fetching).write_pdf()


def pdf_response(template: str, context: dict, *, marking: str, title: str, filename: str) -> HttpResponse:
    body = render_pdf_bytes(template, context, marking=marking, title=title)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
