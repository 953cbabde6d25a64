"""core.links.address_of gives what reverse() gives, for any ids."""
import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from mappa.core.links import address_of

ids = st.integers(min_value=1, max_value=10**18 - 1)  # the id converter takes 18 digits


@given(ids)
def test_one_id_as_reverse_gives_it(pk):
    assert address_of("visits:visits")(pk) == reverse("visits:visits", args=[pk])
    assert address_of("risk:nominal")(pk) == reverse("risk:nominal", args=[pk])


@given(ids, ids)
def test_two_ids_as_reverse_gives_them(nominal_pk, pk):
    assert address_of("intelligence:evaluate", 2)(nominal_pk, pk) == reverse("intelligence:evaluate", args=[nominal_pk, pk])


def test_the_wrong_number_of_ids_is_refused():
    with pytest.raises(TypeError):
        address_of("visits:visits")(1, 2)
