"""Record ids from addresses: a path converter, and the one reading of an id or number in a query string.

The path converter takes digits, and no more of them than any record id can have, so that
/people/99999999999999999999/ is "not found" rather than an error in the database."""
from mappa.access.policy import ID_LIMIT


class RecordIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


def whole_number(value) -> int | None:
    """`value` as a positive whole number a record id could be, or None.

    Only ASCII digits: str.isdigit() also accepts "²" (which int() refuses) and other scripts' digits,
    and a number past the 64-bit bound fails in the database."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 19:
        number = int(value)  # 19 digits hold every 64-bit id (and int() refuses very long strings)
    else:
        return None
    return number if 0 < number < ID_LIMIT else None


def query_id(params, name: str) -> int | None:
    """The id in query parameter `name`, or None when it is missing or is not one (a page then ignores it)."""
    return whole_number(params.get(name, "").strip())
