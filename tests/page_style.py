"""What the GOV.UK style guide asks of every page's words, checked on each page the crawl reads
(tests/test_crawl.py) and on its own (tests/test_page_style.py). Each problem names the page and the text.

- Dates as "5 December 2026": no leading zero.
- No placeholder or miscased words from the code: Django's "- Select an option -", "home Office".
- A number agrees with its noun: not "1 sanctions".
- Punctuation once: not "...).)." or "now.”." (a sentence's full stop inside and outside a bracket or quote).
- The page title is text only, and the page's one H1 is inside <main>.
- Buttons that act on different things are named apart (visually hidden words say which): not eight "Dismiss".
"""
from __future__ import annotations

import html
import re

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December"
          "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
LEADING_ZERO_DATE = re.compile(rf"(?<![\d/])0\d (?:{MONTHS})\b")
WORDS = {
    "- Select": "Django's placeholder for an empty choice",
    "---------": "Django's placeholder for an empty choice",
    "home Office": "a proper name in lower case",
}
# Nouns the service counts. "1 <noun>s" is a mismatch unless the 1 names something ("level 1 cases").
COUNTED = ("sanction|day|week|month|year|record|case|action|item|page|time|visit|attempt|meeting|review|offence"
           "|conviction|result|minute|hour|caution|match|referral|breach|notification|entry|change|document"
           "|address|person|condition|zone|victim|assessment|partner|request|event|order")
ONE_PLURAL = re.compile(rf"(?<![\d.,£:/-])\b(\w+ )?1 (?:{COUNTED})(?:s|es)\b|(?<![\d.,£:/-])\b(\w+ )?1 people\b")
NAMES_A_NUMBER = {"level", "category", "tier", "section", "schedule", "part", "stage", "step", "record", "number",
                  "no", "page", "version", "paragraph", "para", "appendix", "table", "annex", "chapter", "rule"}
DOUBLED = re.compile(r"(?<!\.)\.\)\.|\)\.\)|(?<!\.)\.[”\"’]\.|(?<![.\s])\.\.(?!\.)|,,|(?<!\.)\.,|,\.(?!\d)|;\.|:\.(?!\d)|\?\.|!\.")
TAG = re.compile(r"<[^>]+>")
HIDDEN_PARTS = re.compile(r"(?is)<(script|style|textarea|template)\b.*?</\1>")
FORM = re.compile(r"(?is)<form\b([^>]*)>(.*?)</form>")
BUTTON = re.compile(r"(?is)<button\b[^>]*>(.*?)</button>|<input\b[^>]*\btype=[\"']submit[\"'][^>]*\bvalue=[\"']([^\"']*)[\"']")
ACTION = re.compile(r"""\baction=["']([^"']*)["']""")


def visible_text(page: str) -> str:
    """The words of a page as read: tags, scripts and what people typed into text areas left out, entities
    decoded, white space as single spaces."""
    return " ".join(html.unescape(TAG.sub(" ", HIDDEN_PARTS.sub(" ", page))).split())


def _excerpt(text: str, match: re.Match) -> str:
    return text[max(0, match.start() - 50):match.end() + 30]


def problems(where: str, page: str) -> list[str]:
    """Each way the page breaks the style, as "<where>: <what> in '<text around it>'"."""
    text = visible_text(page)
    found = [f"{where}: a date with a leading zero in {_excerpt(text, m)!r}" for m in LEADING_ZERO_DATE.finditer(text)]
    for word, why in WORDS.items():
        at = text.find(word)
        if at >= 0:
            found.append(f"{where}: {word!r} ({why}) in {text[max(0, at - 50):at + 50]!r}")
    for m in ONE_PLURAL.finditer(text):
        before = (m.group(1) or m.group(2) or "").strip().lower()
        if before not in NAMES_A_NUMBER:
            found.append(f"{where}: one with a plural noun in {_excerpt(text, m)!r}")
    found += [f"{where}: punctuation twice in {_excerpt(text, m)!r}" for m in DOUBLED.finditer(text)]
    found += _structure(where, page)
    found += _button_names(where, page)
    return found


def _structure(where: str, page: str) -> list[str]:
    found = []
    title = re.search(r"(?is)<title>(.*?)</title>", page)
    if title and "<" in title.group(1):
        found.append(f"{where}: markup in the page title {title.group(1)[:80]!r}")
    main = re.search(r"(?is)<main\b.*?</main>", page)
    outside = page.replace(main.group(0), "") if main else page
    if re.search(r"(?i)<h1\b", outside):
        found.append(f"{where}: a heading of the first level outside <main>")
    if re.search(r"(?i)<h[1-6]\b", page.split("<main")[0].split("</header>")[-1]):
        found.append(f"{where}: a heading between the header and <main>, outside the page's content")
    if main and len(re.findall(r"(?i)<h1\b", main.group(0))) > 1:
        found.append(f"{where}: more than one H1")
    if main and re.search(r"(?i)<h[2-6]\b", main.group(0).split("<h1", 1)[0]) and "<h1" in main.group(0) \
            and "govuk-error-summary" not in main.group(0).split("<h1", 1)[0]:
        found.append(f"{where}: a heading above the page's H1")
    return found


def _button_names(where: str, page: str) -> list[str]:
    """Buttons of forms that post to different places may not share a name (what a screen reader lists)."""
    actions_by_name: dict[str, set[str]] = {}
    for attrs, inner in FORM.findall(page):
        action = ACTION.search(attrs)
        for button in BUTTON.finditer(inner):
            name = " ".join(html.unescape(TAG.sub("", button.group(1) or button.group(2) or "")).split())
            actions_by_name.setdefault(name, set()).add(action.group(1) if action else "")
    return [f"{where}: {len(actions)} buttons all named {name!r}: say what each acts on"
            for name, actions in sorted(actions_by_name.items()) if len(actions) > 1]
