"""The API's JSON parser: a body is one JSON object, nested no deeper than any request needs."""
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# The deepest request body is a GeoJSON shape inside a zone (a feature, its geometry, the polygon's rings,
# a ring's points): well under this.
MAX_DEPTH = 32
NOT_AN_OBJECT = 'The body must be a JSON object, such as {"version": 3}'


def depth(value) -> int:
    """How deeply `value` nests lists and objects, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:  # past the limit there is no need to look further
                stack.extend((child, level + 1) for child in item)
    return deepest


class ObjectJSONParser(JSONParser):
    """Refuses, with a plain 400, a body that is not an object ([] or 123 has no fields to read) and one
    nested so deep that reading it would exhaust the interpreter's stack."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(f"The body is nested too deeply: at most {MAX_DEPTH} levels") from None
        if not isinstance(data, dict):
            raise ParseError(NOT_AN_OBJECT)
        if depth(data) > MAX_DEPTH:
            raise ParseError(f"The body is nested too deeply: at most {MAX_DEPTH} levels")
        return data
