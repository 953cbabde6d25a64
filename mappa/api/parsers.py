"""The API's JSON parser: a body is one JSON object, nested no deeper than any request needs."""
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from mappa.core import jsonsafe

NOT_AN_OBJECT = 'The body must be a JSON object, such as {"version": 3}'


class ObjectJSONParser(JSONParser):
    """Refuses, with a plain 400, a body that is not an object ([] or 123 has no fields to read) and one
    nested so deep that reading it would exhaust the interpreter's stack (mappa.core.jsonsafe)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = jsonsafe.check(super().parse(stream, media_type, parser_context))
        except (RecursionError, jsonsafe.TooDeep):
            raise ParseError(f"The body is {jsonsafe.TOO_DEEP}") from None
        if not isinstance(data, dict):
            raise ParseError(NOT_AN_OBJECT)
        return data
