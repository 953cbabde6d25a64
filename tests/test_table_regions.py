"""Every table on a page sits in a region of its own that scrolls sideways on a narrow screen (the
{% table_region %} tag), so no table makes a page wider than 320 CSS pixels (WCAG 1.4.10)."""
import re
from pathlib import Path

from django.template import Context, Template

ROOT = Path(__file__).resolve().parent.parent / "mappa"
TABLE = re.compile(r"<table\b[^>]*\bgovuk-table\b")
OPENED = re.compile(r'{% table_region (?:"[^"]+"|[\w.]+) %}\s*$')  # the tag, with a name (or a variable), just before the table


def test_every_table_in_the_page_templates_is_in_a_table_region():
    unwrapped = []
    for path in ROOT.rglob("templates/**/*.html"):
        text = path.read_text()
        for match in TABLE.finditer(text):
            before = text[:match.start()]
            # The tag, and the library that defines it loaded before it (a template missing it fails to render).
            if not OPENED.search(before) or not re.search(r"{% load [^%]*\bgovuk\b[^%]*%}", before):
                unwrapped.append(f"{path.relative_to(ROOT)}:{before.count(chr(10)) + 1}")
    assert unwrapped == []


def test_the_region_is_named_focusable_and_escapes_its_name():
    html = Template('{% load govuk %}{% table_region name %}<table class="govuk-table"></table>{% endtable_region %}').render(
        Context({"name": "Visits <b>"}))
    assert html == ('<div class="app-table-region" role="region" aria-label="Visits &lt;b&gt;" tabindex="0">'
                    '<table class="govuk-table"></table></div>')
