"""Name matching rules: normalising, phonetic keys and similarity. Pure functions."""
import re
import unicodedata

import jellyfish
from rapidfuzz import fuzz

_NON_LETTERS = re.compile(r"[^a-z ]+")


def normalise(name: str) -> str:
    """Lower case ASCII letters and single spaces: "O'Brien-Smith " -> "obrien smith"."""
    # Upper-casing first folds letters like the dotless ı and ß onto their ASCII forms.
    text = unicodedata.normalize("NFKD", (name or "").upper()).encode("ascii", "ignore").decode().lower()
    text = text.replace("-", " ")
    return " ".join(_NON_LETTERS.sub("", text).split())


def phonetic_key(name: str) -> str:
    """A sound-alike key for one name, so that Smyth/Smith and Davies/Davis meet.

    Metaphone of the name with spaces and apostrophes removed; empty for an empty name.
    """
    compact = normalise(name).replace(" ", "")
    if not compact:
        return ""
    return jellyfish.metaphone(compact)[:20]


# Names shorter than this get no deletion variants: two-letter fragments would match half the register.
MIN_VARIANT_LENGTH = 4


def deletion_variants(name: str) -> set[str]:
    """The name (letters only) and, for names of four letters or more, each way of dropping one letter.

    Two names one typing slip apart (a letter left out, added, changed, or two swapped) always
    share at least one variant: "smtih" and "smith" share "smth" and "smih".
    """
    compact = normalise(name).replace(" ", "")
    if not compact:
        return set()
    variants = {compact}
    if len(compact) >= MIN_VARIANT_LENGTH:
        variants |= {compact[:i] + compact[i + 1:] for i in range(len(compact))}
    return variants


def similarity(query: str, candidate: str) -> float:
    """0..100: how alike two full names are, order of words ignored."""
    return fuzz.token_sort_ratio(normalise(query), normalise(candidate))


def score_candidates(tokens: list[str], candidates: list[tuple]) -> list[float]:
    """Similarity (0..100) of a query (split_query's tokens) to each candidate, a normalised (first, last)
    pair, or (first, last, middle names) with the middle names as recorded (normalised here, once).

    A one-word query is compared with the first name and the surname, and with each word of a name of
    several words ("jones" and "smith jones"). A query of several words is compared with the whole name,
    order of words ignored, and where the candidate's names have several words also with them run
    together, with each given name before the surname ("Anthony Hartnell" for Lee Anthony Hartnell), and
    with the surname alone ("Smith Jones"). A one-letter word is an initial: it stands for the candidate's
    given name that starts with it, or a one-letter part of the surname (the O of O'Neill); one that
    stands for none of the candidate's names is left out and costs UNMATCHED_INITIAL_PENALTY."""
    if len(tokens) == 1:
        return [_one_word_score(tokens[0], c[0], c[1]) for c in candidates]
    wanted = " ".join(tokens)
    initials = any(len(t) == 1 for t in tokens)
    scores = []
    for candidate in candidates:
        first, last = candidate[0], candidate[1]
        middle = normalise(candidate[2]) if len(candidate) > 2 and candidate[2] else ""
        query, unmatched = _with_initials(tokens, first, last, middle) if initials else (wanted, 0)
        score = _ratio(query, f"{first} {last}", processor=None)
        if middle or " " in first or " " in last:
            score = max(score, _several_word_score(query, first, last, middle))
        scores.append(max(0.0, score - UNMATCHED_INITIAL_PENALTY * unmatched))
    return scores


_ratio = fuzz.token_sort_ratio


def _one_word_score(token: str, first: str, last: str) -> float:
    score = max(_ratio(token, first, processor=None), _ratio(token, last, processor=None))
    if " " in first or " " in last:
        words = [*first.split(), *last.split(), first.replace(" ", ""), last.replace(" ", "")]
        score = max(score, *(_ratio(token, w, processor=None) for w in words))
    return score


def _several_word_score(query: str, first: str, last: str, middle: str) -> float:
    compact_last = last.replace(" ", "")
    givens = {first.replace(" ", ""), *first.split(), *middle.split()}
    tries = [f"{given} {compact_last}" for given in givens if given]
    tries += [last, compact_last]
    if middle:
        tries.append(f"{first} {middle} {last}")
    return max(_ratio(query, t, processor=None) for t in tries)


# Taken off the score for each initial that stands for none of the candidate's names: enough that
# "J Smith" does not find Peter Smith, not so much that "John A Smith" misses a John Smith whose
# middle name was never recorded.
UNMATCHED_INITIAL_PENALTY = 30


def _with_initials(tokens: list[str], first: str, last: str, middle: str) -> tuple[str, int]:
    """The query with each initial written out as the candidate's given name it stands for, and
    the number of initials that stand for none (left out of the query)."""
    givens = [*first.split(), *middle.split()]
    surname_parts = last.split()
    out, unmatched = [], 0
    for token in tokens:
        if len(token) == 1 and token not in surname_parts:
            given = next((g for g in givens if g.startswith(token)), None)
            if given is None:
                unmatched += 1
                continue
            givens.remove(given)
            token = given
        out.append(token)
    return " ".join(out), unmatched


def split_query(text: str) -> list[str]:
    """The words of a query, each normalised and run together: "Anne-Marie O'Neill" -> ["annemarie", "oneill"].
    Words are separated by spaces or commas ("Smith, John")."""
    words = (normalise(word).replace(" ", "") for word in re.split(r"[\s,]+", text or ""))
    return [word for word in words if word]


def surname_parts(last: str) -> list[str]:
    """The parts of a surname that someone may search by on their own, normalised, or [] for a surname of
    one part: each word of a double-barrelled or spaced name ("Smith-Jones", "de Souza"), and O', Mc or Mac
    and the rest ("O'Neill" -> ["o", "neill"], "McGilroy" -> ["mc", "gilroy"], "MacDonald" -> ["mac", "donald"];
    not "Mackay" or "Machin", where "mac" is not a prefix)."""
    words = normalise(last).split()
    if len(words) > 1:
        return words
    raw = (last or "").strip()
    for pattern in _SURNAME_PREFIXES:
        match = pattern.match(raw)
        if match:
            return [normalise(match.group(1)), normalise(match.group(2))]
    return []


_SURNAME_PREFIXES = [
    re.compile(r"^([Oo])['\u2019\u2018`]\s*(\w{2,})$"),
    re.compile(r"^([Mm][Cc])\s*(\w{2,})$"),
    re.compile(r"^(Mac)\s*([A-Z]\w+)$"),
]
# Parts not searched by on their own: too short ("o", "mc", "de"), or particles rather than names.
MIN_PART_LENGTH = 3
PARTICLES = {"mac", "van", "von", "der", "den", "des", "del", "dos", "das"}


def name_keys(first: str, last: str) -> list[tuple[str, str, str, str, str, str]]:
    """The search keys of one name: (first, last, first key, last key, surname prefix, surname searched),
    the first five as NameKey stores them; the last is what the surname variants are made from.

    One key for the whole name, and one more for each part of a surname of several parts, so that
    "Jones" or "Gilroy" alone finds Smith-Jones or McGilroy. A part's key keeps the surname written in
    its parts ("smith jones", "o neill"), which the scoring compares with the query."""
    first_norm, last_norm = normalise(first), normalise(last)
    first_key = phonetic_key(first)
    whole = last_norm.replace(" ", "")
    keys = [(first_norm, last_norm, first_key, phonetic_key(last), whole[:3], last_norm)]
    parts = surname_parts(last)
    for part in parts:
        if len(part) >= MIN_PART_LENGTH and part not in PARTICLES:
            keys.append((first_norm, " ".join(parts), first_key, phonetic_key(part), part[:3], part))
    return keys


def normalise_identifier(value: str, kind: str = "") -> str:
    """Identifiers are compared without spaces, slashes or case: "2009/0012345 x" -> "20090012345X".
    A PNC number is compared in one form whatever way it was written (canonical_pnc)."""
    plain = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
    if kind == "pnc":
        return canonical_pnc(value) or plain
    return plain


_PNC_WITH_SLASH = re.compile(r"(\d{2}|\d{4})/0*(\d{1,7})([A-Z])")
_PNC_RUN_TOGETHER = re.compile(r"(\d{2}|\d{4})(\d{7})([A-Z])")


def canonical_pnc(value: str) -> str | None:
    """A PNC number (year, serial number, check letter) as two-digit year, seven-digit serial and letter,
    however it was written: "2009/0012345A", "09/12345A" and "09 0012345 a" -> "090012345A". None for
    text that is not a PNC number. Without the slash the serial must have all seven digits, or the
    year and serial could not be told apart."""
    text = re.sub(r"[\s.-]", "", value or "").upper()
    match = _PNC_WITH_SLASH.fullmatch(text) or _PNC_RUN_TOGETHER.fullmatch(text)
    if not match:
        return None
    year, serial, letter = match.groups()
    return f"{year[-2:]}{int(serial):07d}{letter}"


def identifier_search_forms(text: str) -> list[str]:
    """The stored (normalised) forms an identifier typed into a search may have."""
    forms = [normalise_identifier(text)]
    pnc = canonical_pnc(text)
    if pnc and pnc not in forms:
        forms.append(pnc)
    return [form for form in forms if form]


# What each kind of identifier looks like once normalised, and how to say so.
IDENTIFIER_FORMATS = {
    "crn": (r"[A-Z]\d{6}", "a letter and six digits, like X123456"),
    "prison": (r"[A-Z]\d{4}[A-Z]{2}", "a letter, four digits and two letters, like A1234BC"),
    "ni": (r"[A-Z]{2}\d{6}[A-D]", "two letters, six digits and a letter from A to D, like QQ123456C"),
    "national": (r"[A-Z0-9]{4,20}", "4 to 20 letters and digits, like NR12345678"),
    "passport": (r"[A-Z0-9]{5,20}", "5 to 20 letters and digits, like 123456789"),
}
PNC_FORMAT = "the year, a slash, the serial number and the check letter, like 2009/0012345A or 09/12345A"


def identifier_error(kind: str, value: str, label: str) -> str | None:
    """Why `value` cannot be a `kind` identifier (label: the kind's name), or None if it can."""
    if kind not in ("pnc", "ni"):  # names, not acronyms or proper nouns, in the middle of a sentence
        label = label[:1].lower() + label[1:]
    if not re.sub(r"[^0-9A-Za-z]", "", value or ""):
        return f"Enter the {label}"
    if kind == "pnc":
        return None if canonical_pnc(value) else f"Enter the {label} as {PNC_FORMAT}"
    pattern, example = IDENTIFIER_FORMATS.get(kind, (r"[A-Z0-9]{1,40}", "letters and digits"))
    if re.fullmatch(pattern, normalise_identifier(value)):
        return None
    return f"Enter the {label} as {example}"
