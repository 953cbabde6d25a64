"""Case data is read only through the access policy, and the build refuses a read that goes around it
(mappa/access/reads.py)."""
from pathlib import Path

from mappa.access import reads


def _check(source: str) -> list[str]:
    case = reads.case_models()
    return [v.what for v in reads.source_violations(source, "example.py", {m.__name__ for m in case},
                                                    reads.reverse_accessors(case))]


def test_no_code_or_template_reads_case_data_around_the_policy():
    found = reads.violations()
    assert found == [], "Reads that go around mappa.access.policy:\n" + "\n".join(map(str, found))


def test_the_check_refuses_a_deliberate_direct_read():
    source = '''
from mappa.nominals.models import Occupant, Alias

def occupants(address):
    return Occupant.objects.filter(address=address)

def names(nominal):
    return [a.first_name for a in nominal.alias_set.all()]

def page(addresses):
    return addresses.prefetch_related("occupants")

def sql(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM nominals_occupant")
'''
    found = _check(source)
    assert any(w.startswith("Occupant.objects") for w in found)
    assert any(".alias_set.all()" in w for w in found)
    assert any("prefetch_related('occupants')" in w for w in found)
    assert any(w.startswith(".cursor()") for w in found)
    assert len(found) == 4


def test_the_check_refuses_a_template_walking_a_reverse_manager():
    found = reads.template_violations("{% for o in address.occupants.all %}{{ o.name }}{% endfor %}",
                                      "example.html", reads.reverse_accessors(reads.case_models()))
    assert [v.what.split(":")[0] for v in found] == [".occupants.all"]


def test_reads_through_the_policy_pass_the_check():
    source = '''
from mappa.access import policy
from mappa.nominals.models import Occupant

def occupants(user, nominal):
    return policy.items_for(user, Occupant, nominal=nominal).filter(address__status="current")

def settings(items):
    return {k: v for k, v in items.items()}
'''
    assert _check(source) == []


def test_every_allowance_names_code_that_still_exists_and_says_why():
    for (path, where), why in reads.ALLOWED.items():
        text = (reads.ROOT / path).read_text()
        assert f"def {where.split('.')[-1]}" in text or f"class {where.split('.')[0]}" in text, (path, where)
        assert len(why) > 20, (path, where)


def test_every_case_model_is_covered():
    names = {m.__name__ for m in reads.case_models()}
    assert {"Nominal", "Occupant", "Alias", "Conviction", "Zone", "PlanItem", "Eligibility", "Notification",
            "AuditEvent", "PlanItemRevision"} <= names
    assert Path(reads.__file__).name == "reads.py"
