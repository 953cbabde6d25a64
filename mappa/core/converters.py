"""A path converter for record ids: digits, and no more of them than any record id can have, so that
/people/99999999999999999999/ is "not found" rather than an error in the database."""


class RecordIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
