"""The reference data the migrations load is valid as the model defines it, on every database: SQLite does
not enforce a column's length, so a citation too long for PostgreSQL would otherwise pass here and fail there."""
import pytest
from django.core.exceptions import ValidationError

from mappa.core.models import ReferenceSetting


@pytest.mark.django_db
def test_every_loaded_row_is_valid_for_its_model():
    problems = []
    for row in ReferenceSetting.objects.order_by("key", "effective_from"):
        try:
            # An empty value is a rule too (e.g. no maximum for any kind), so only the other columns are checked.
            row.full_clean(exclude=["value"], validate_unique=False)
        except ValidationError as exc:
            problems.append(f"{row.key} from {row.effective_from}: {exc.message_dict}")
    assert ReferenceSetting.objects.count() > 50
    assert problems == []


@pytest.mark.django_db
def test_every_row_cites_its_source():
    assert not ReferenceSetting.objects.filter(source="").exists()
