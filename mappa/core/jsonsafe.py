"""Reading JSON that people send or type, with a bound on how deeply it nests: json.loads on "[[[[..."
fifty thousand deep exhausts the interpreter's stack (RecursionError), and no input here needs more than
a few levels (the deepest is a GeoJSON shape: a feature, its geometry, the polygon's rings, a ring's points)."""
import json

MAX_DEPTH = 32
TOO_DEEP = f"nested too deeply: at most {MAX_DEPTH} levels"


class TooDeep(ValueError):
    pass


def depth(value) -> int:
    """How deeply `value` nests lists and objects, counted without recursion (and not past the limit)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((child, level + 1) for child in item)
    return deepest


def check(value):
    """`value`, or TooDeep if it nests past MAX_DEPTH."""
    if depth(value) > MAX_DEPTH:
        raise TooDeep(TOO_DEEP)
    return value


def loads(text: str):
    """json.loads, raising TooDeep (a ValueError, like a syntax error) for input nested past MAX_DEPTH."""
    try:
        return check(json.loads(text))
    except RecursionError:
        raise TooDeep(TOO_DEEP) from None
