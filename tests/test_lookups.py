"""`field__any=[...]` (mappa.core.lookups): the same rows as `field__in=[...]`, on SQLite and on PostgreSQL."""
import pytest
from django.db import connection

from mappa.nominals.models import Nominal


@pytest.fixture
def people(world):
    return list(Nominal.objects.order_by("pk"))


def test_any_gives_the_rows_in_gives(people):
    ids = [p.pk for p in people[:3]] + [10**12]
    assert set(Nominal.objects.filter(pk__any=ids)) == set(Nominal.objects.filter(pk__in=ids)) == set(people[:3])


def test_a_foreign_key_column_and_text_columns_take_it_too(people):
    names = [people[0].last_name, "Nobody-has-this-name"]
    assert set(Nominal.objects.filter(last_name__any=names)) == set(Nominal.objects.filter(last_name__in=names))
    assert Nominal.objects.filter(manager_id__any=[people[0].manager_id]).filter(pk=people[0].pk).exists()
    assert not Nominal.objects.filter(manager_id__any=[10**12]).exists()


def test_an_empty_list_matches_nothing_and_none_never_matches(people):
    assert not Nominal.objects.filter(pk__any=[]).exists()
    assert list(Nominal.objects.filter(pk__any=[None, people[0].pk])) == [people[0]]
    assert Nominal.objects.exclude(pk__any=[]).count() == Nominal.objects.count()


def test_on_postgresql_it_is_one_array_parameter_typed_as_the_column(people):
    sql, params = Nominal.objects.filter(pk__any=[p.pk for p in people]).query.sql_with_params()
    assert len(people) >= 3
    if connection.vendor == "postgresql":
        assert "= ANY(%s::bigint[])" in sql and len(params) == 1
    else:
        assert f"IN ({', '.join(['%s'] * len(people))})" in sql and len(params) == len(people)


def test_many_gives_what_a_list_gives_and_is_read_more_than_once(people):
    from mappa.core.lookups import Many

    ids = Many([p.pk for p in people[:3]] + [None, 10**12])
    rows = Nominal.objects.filter(pk__any=ids)
    assert set(rows) == set(people[:3])
    assert set(rows.all()) == set(people[:3])  # the same values again, for a copy of the queryset
    assert not Nominal.objects.filter(pk__any=Many([])).exists()
    assert set(Nominal.objects.filter(manager_id__any=Many(p.manager_id for p in people[:1])).values_list("pk", flat=True)) >= {people[0].pk}
