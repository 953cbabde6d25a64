"""Each kind of register item shows as a row in its own words (nominals/items/<kind>.html), and a kind
with no template of its own as the plain row."""
import re

from mappa.nominals import services
from mappa.nominals.items import KINDS


def _rows(page: str) -> list[str]:
    """Each summary row's key and value, as text."""
    rows = re.findall(r'<div class="govuk-summary-list__row">(.*?)</div>', page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_every_kind_shows_its_own_words_on_personal_details(world, login):
    add = lambda slug, **data: services.create_item(actor=world.om, nominal=world.case, kind=KINDS[slug], data=data)  # noqa: E731
    add("vehicles", registration="AB12 CDE", colour="Red", make="Ford", model="Focus")
    add("contacts", kind="phone", value="07700 900123")
    add("relationships", kind="associate", other_name="Dean Archer", description="drinks with him")

    rows = _rows(login(world.om).get(f"/people/{world.case.pk}/details/").content.decode())

    assert any("AB12 CDE Red Ford Focus" in row for row in rows)
    assert any("07700 900123" in row for row in rows)
    assert any("Dean Archer (drinks with him)" in row for row in rows)
    assert any(row.startswith("Current") and "12 Mill Lane" in row for row in rows)  # status and kind as its key
    assert any("2009/0012345A" in row for row in rows)


def test_a_kind_lists_its_items_with_the_same_rows(world, login):
    page = login(world.om).get(f"/people/{world.case.pk}/identifiers/").content.decode()
    assert any("2009/0012345A" in row and "Change" in row for row in _rows(page))


def test_every_kind_has_a_row_template_that_exists():
    from django.template.loader import select_template

    for kind in KINDS.values():
        assert select_template(kind.row_templates)
