"""A page's address for many records at once: the URL patterns are searched once, then only the ids change.

A work list over a team's cases names a page for each of hundreds of items, and reverse() searches the patterns
each time (a tenth of a supervisor's visit list). `address_of(name, ids)` reverses the name once with
stand-in ids and gives a function of the real ones, giving what reverse() would give."""
from collections.abc import Callable

from django.urls import reverse

# Stand-in ids no real record has, each found once in the reversed address.
_STAND_INS = tuple(str(987_654_301 + i) for i in range(4))


def address_of(name: str, ids: int = 1) -> Callable[..., str]:
    """A function of `ids` record ids (whole numbers) giving `reverse(name, args=[...])`."""
    stand_ins = _STAND_INS[:ids]
    template = reverse(name, args=[int(s) for s in stand_ins])
    pieces = [template]
    for stand_in in stand_ins:
        if pieces[-1].count(stand_in) != 1:  # an address that repeats or drops an id: reversed each time
            return lambda *args: reverse(name, args=list(args))
        pieces[-1:] = pieces[-1].split(stand_in)

    def address(*args) -> str:
        if len(args) != ids:
            raise TypeError(f"{name} takes {ids} id(s), not {len(args)}")
        out = pieces[0]
        for arg, piece in zip(args, pieces[1:], strict=True):
            out += f"{int(arg)}{piece}"
        return out

    return address
