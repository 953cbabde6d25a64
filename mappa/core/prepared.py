"""A query built by the ORM once per shape and run many times with new values, like a prepared statement.

Building and compiling a queryset with several subqueries (the access policy's scope, a person's current
town, ...) can cost more than running it. The search runs on every keystroke, so its statement is built
once for each shape (who is asking, how many words, how many name variants) with a marker in place of each
value, compiled, and from then on only its parameters change. Rows are converted as the ORM's own
`values_list` would convert them.

A builder must use its values only as query values (never slice or test them in Python), and must put
annotations last in its `values_list`. tests/test_search.py checks that a prepared run gives the same
rows as the queryset built afresh.
"""
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections

from mappa.core.lru import Lru


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple
    slots: tuple  # (index in params, marker, how): how is "value" or "like"
    compiler: object
    converters: dict  # the ORM's conversions of the columns, as values_list applies them


def _marker(name: str) -> str:
    return f"\u27e6{name}\u27e7"


def _markers(values: dict) -> dict:
    """The values with a marker in place of each (a list's items one by one)."""
    out = {}
    for name, value in values.items():
        out[name] = [_marker(f"{name}.{i}") for i in range(len(value))] if isinstance(value, list | tuple) else _marker(name)
    return out


def _flat(values: dict) -> dict:
    """{marker: value} for every value, a list's items one by one (the markers are _markers')."""
    out = {}
    for value, marked in zip(values.values(), _markers(values).values()):
        out.update(zip(marked, value) if isinstance(marked, list) else [(marked, value)])
    return out


class Prepared:
    """`build(context, **values) -> QuerySet` (a values_list), compiled once per key and shape, at most
    `size` kept. `context` (e.g. the user asking) is what the key describes."""

    def __init__(self, build: Callable, size: int = 512):
        self.build = build
        self._cache = Lru(size)
        self.reuse = True  # `make bench` turns it off to time the search built afresh, side by side

    def rows(self, key: tuple | None, context, values: dict, using: str = "default") -> list[tuple]:
        """The rows of build(context, **values), as values_list gives them. `key` must hold everything
        about `context` the statement depends on: two calls with the same key and shape must build the
        same statement. With no key (nothing to share it with), the queryset is built and run afresh."""
        if key is None or not self.reuse:
            return self.fresh(context, values)
        shape = (using, key, tuple((name, len(v) if isinstance(v, list | tuple) else None) for name, v in values.items()))
        compiled = self._compiled(shape, context, values, using)
        if compiled is None:  # the statement can match nothing (e.g. the user reaches no record)
            return []
        connection = connections[using]
        params = list(compiled.params)
        flat = _flat(values)
        for index, marker, how in compiled.slots:
            value = flat[marker]
            params[index] = value if how == "value" else params[index].replace(marker, connection.ops.prep_for_like_query(value))
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            found = cursor.fetchall()
        if not compiled.converters:
            return found
        return [tuple(row) for row in compiled.compiler.apply_converters(found, compiled.converters)]

    def fresh(self, context, values: dict) -> list[tuple]:
        return list(self.build(context, **values))

    def _compiled(self, shape: tuple, context, values: dict, using: str) -> _Compiled | None:
        return self._cache.get_or_make(shape, lambda: self._compile(context, values, using))

    def _compile(self, context, values: dict, using: str) -> _Compiled | None:
        queryset = self.build(context, **_markers(values))
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except EmptyResultSet:
            return None
        markers = set(_flat(values))
        slots = []
        for index, param in enumerate(params):
            if isinstance(param, str):
                for marker in markers:
                    if param == marker:
                        slots.append((index, marker, "value"))
                    elif marker in param:
                        slots.append((index, marker, "like"))
        unused = markers - {marker for _i, marker, _how in slots}
        if unused:
            raise ValueError(f"The builder used these values other than as query values: {sorted(unused)}")
        fields = [s[0] for s in compiler.select[0:compiler.col_count]]
        return _Compiled(sql, tuple(params), tuple(slots), compiler, compiler.get_converters(fields))

    def clear(self) -> None:
        self._cache.clear()
