"""`field__any=[...]`: a column equal to any of many values, sent as one array on PostgreSQL.

A work list or a caseload's facts read rows for every case a user answers for: a supervisor's team holds
hundreds, so `nominal_id__in=ids` gives an IN list of hundreds of placeholders, and both Django (preparing each
value) and psycopg (splitting a statement too long to cache) spend more on building it than PostgreSQL spends
running it. `= ANY(%s)` with the list as a single array parameter is the same condition, built in constant time.
On other databases (SQLite in development and tests) it is the IN list it replaces.

Only for lists of plain values (ids, codes), never for a subquery: `nominal__in=queryset` stays as it is. Pass
hundreds of them as `Many(ids)` (see Many).
`make bench` shows what it saves (see README, Performance: the home page).
"""
from django.core.exceptions import EmptyResultSet
from django.db.models import Field, ForeignKey, IntegerField, Lookup


class Many:
    """Values for `__any` that Django takes as they are: a list or tuple it walks value by value looking for
    expressions to resolve, a third of the cost of building a statement over hundreds of ids."""

    __slots__ = ("values",)

    def __init__(self, values):
        self.values = list(values)

    def __iter__(self):
        return iter(self.values)

    def __len__(self):
        return len(self.values)


class AnyOf(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        return [v for v in self.rhs if v is not None]  # as IN: None never equals

    def as_sql(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet  # as IN () would be: matches nothing
        lhs, lhs_params = self.process_lhs(compiler, connection)
        field = self.lhs.output_field
        target = getattr(field, "target_field", field)  # a foreign key's values are its target's
        whole = isinstance(target, IntegerField) and all(type(v) is int for v in self.rhs)
        if whole:
            values = list(self.rhs)  # ids as they are: preparing each of hundreds one by one is most of the cost
        else:
            values = [field.get_db_prep_value(v, connection) for v in self.rhs]
        if connection.vendor == "postgresql":
            # Typed as the column, so that the column's index serves (psycopg would type a list of small ids smallint[]).
            # Whole numbers go as the array's text, which psycopg sends as it is rather than adapting each.
            array = "{" + ",".join(map(str, values)) + "}" if whole else values
            return f"{lhs} = ANY(%s::{field.db_type(connection)}[])", (*lhs_params, array)
        return f"{lhs} IN ({', '.join(['%s'] * len(values))})", (*lhs_params, *values)


def register() -> None:
    Field.register_lookup(AnyOf)
    ForeignKey.register_lookup(AnyOf)  # `nominal_id__any=` is looked up on the foreign key
