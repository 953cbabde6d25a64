"""Small rules of the GOV.UK style guide for words the code puts together."""
from __future__ import annotations


def plural(n: int, word: str, many: str | None = None) -> str:
    """ "1 sanction", "3 sanctions", "0 sanctions"; `many` for an irregular plural ("1 person", "2 people")."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def in_a_sentence(text: str) -> str:
    """A label or name as it reads inside a sentence: its first letter lower case ("the date of birth"), unless it
    starts with a proper name or an abbreviation ("Home Office offence code", "PNC number", "OGRS3 score")."""
    words = text.split()
    if not words:
        return text
    first = words[0]
    proper = len(words) > 1 and words[1][:1].isupper()
    abbreviation = first[:2].isupper() or any(c.isdigit() for c in first)
    return text if proper or abbreviation else text[:1].lower() + text[1:]


def clause(text: str) -> str:
    """Text set inside another sentence (in brackets, in quotes, before a full stop): without its own closing
    full stop, so the sentence ends once ("(from the licence)." not "(from the licence.).")."""
    return str(text).rstrip().rstrip(".").rstrip()


def sentences(parts) -> str:
    """Parts joined as sentences, each ending with one full stop (or its own ? or !)."""
    out = []
    for part in parts:
        text = str(part).strip()
        if text:
            out.append(text if text[-1] in ".?!" else text + ".")
    return " ".join(out)
