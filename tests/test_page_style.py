"""The page-wide style check (tests/page_style.py) that the crawl runs over every page: each rule catches what it
is for, names the page and the text, and lets through what the GOV.UK style guide writes."""
import pytest

from tests import page_style


def page(body: str, title: str = "Case record – mappa", head: str = "") -> str:
    return (f"<html><head><title>{title}</title></head><body><header>Service</header>{head}"
            f'<main class="govuk-main-wrapper"><h1 class="govuk-heading-l">Page</h1>{body}</main>'
            "<footer><h2 class='govuk-visually-hidden'>Support links</h2></footer></body></html>")


CLEAN = page("<p>Decided 5 December 2026, 2:30pm. The system holds 1 sanction (from the record). "
             "MAPPA level 1 cases are reviewed; 3 sanctions; 1 person. Home Office offence code. "
             "She said “also includes ... offenders”. Version 1.2.</p>"
             '<form action="/a/1/"><button>Dismiss<span class="govuk-visually-hidden"> the first</span></button></form>'
             '<form action="/a/2/"><button>Dismiss<span class="govuk-visually-hidden"> the second</span></button></form>'
             "<textarea>typed.. by someone</textarea>")


def test_a_page_in_the_style_passes():
    assert page_style.problems("/ok/", CLEAN) == []


@pytest.mark.parametrize("body, what", [
    ("<p>Due 05 December 2026</p>", "leading zero"),
    ("<p>Due 09 Dec 2026</p>", "leading zero"),
    ("<select><option value=''>- Select an option -</option></select>", "placeholder"),
    ("<label>If you changed home Office offence code, why?</label>", "proper name"),
    ("<p>Counted from the 1 sanctions the system holds</p>", "plural"),
    ("<p>in 1 days</p>", "plural"),
    ("<p>The system holds 1 (from the conviction (10 Oct 2019).).</p>", "punctuation"),
    ("<p>Your reason: “Called to his address now.”.</p>", "punctuation"),
    ("<p>through others.. Included</p>", "punctuation"),
    ('<form action="/n/1/dismiss/"><button>Dismiss</button></form>'
     '<form action="/n/2/dismiss/"><button>Dismiss</button></form>', "buttons all named 'Dismiss'"),
    ("<h1>Another</h1>", "more than one H1"),
])
def test_each_rule_catches_what_it_is_for_and_names_page_and_text(body, what):
    found = page_style.problems("/people/1/", page(body))
    assert len(found) == 1 and found[0].startswith("/people/1/: ") and what in found[0], found


def test_markup_in_the_title_and_headings_outside_main_are_caught():
    found = page_style.problems("/risk/assessments/1/", page("", title="OGRS3 <h2>History</h2>",
                                                             head="<h2>History of this assessment</h2>"))
    assert any("markup in the page title" in p for p in found)
    assert any("outside the page's content" in p for p in found)


def test_words_the_code_puts_together():
    from mappa.core import words

    assert [words.plural(n, "sanction") for n in (0, 1, 2)] == ["0 sanctions", "1 sanction", "2 sanctions"]
    assert words.plural(1, "person", "people") == "1 person" and words.plural(3, "person", "people") == "3 people"
    assert words.in_a_sentence("Date of birth") == "date of birth"
    assert words.in_a_sentence("Home Office offence code") == "Home Office offence code"
    assert words.in_a_sentence("PNC number") == "PNC number" and words.in_a_sentence("OGRS3 score") == "OGRS3 score"
    assert words.clause("From the licence.") == "From the licence"
    assert words.sentences(["One", "Two.", "", "Three?"]) == "One. Two. Three?"
