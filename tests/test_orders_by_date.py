"""Civil orders by date: each kind could be made only while the law provided for it.

The table is the reference data the system really uses (migration 0004), so a test fails if the data and
the rule disagree. Golden examples quote the statutes named in each docstring.
"""
import datetime
import importlib

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from mappa.orders import queries, rules, services
from mappa.orders.kinds import KINDS
from mappa.orders.models import CivilOrder

D = datetime.date
MIGRATION = importlib.import_module("mappa.orders.migrations.0004_order_kinds_by_date")
TABLE = next(r for r in MIGRATION.ROWS if r["key"] == "orders.civil.kinds")["value"]


def check(kind, applied_on=None, made_on=None, interim=False):
    return rules.order_kind_errors(kind=kind, interim=interim, applied_on=applied_on, made_on=made_on, kinds=TABLE)


def add(w, **data):
    return services.create_record(actor=w.police, nominal=w.case, kind=KINDS["civil-orders"], data=data)


# --- the rule, on the table in the reference data


def test_every_kind_of_order_has_dates_in_the_reference_data():
    assert set(TABLE) == set(CivilOrder.Kind.values)
    for kind, rule in TABLE.items():
        assert rule["name"] and rules._iso(rule["from"]), kind
        if rule.get("until"):
            assert rules._iso(rule["until"]) > rules._iso(rule["from"])


def test_golden_sopo_and_fto_replaced_by_the_shpo_on_8_march_2015():
    """Anti-social Behaviour, Crime and Policing Act 2014 Sch 5 (in force 8 March 2015, SI 2015/373) repealed
    Sexual Offences Act 2003 ss.104-122 (SOPOs, foreign travel orders) and inserted ss.103A-103K (sexual harm
    prevention orders)."""
    assert check("sopo", made_on=D(2015, 3, 7)) == {}
    assert check("fto", made_on=D(2010, 1, 1)) == {}
    error = check("sopo", applied_on=D(2020, 6, 1))["applied_on"]
    assert error == ("A sexual offences prevention order (SOPO) could be applied for only from 1 May 2004 to "
                     "7 March 2015; from 8 March 2015 record a sexual harm prevention order (SHPO)")
    assert "foreign travel order could be made only from 1 May 2004 to 7 March 2015" in check(
        "fto", made_on=D(2021, 2, 1))["starts_on"]
    assert check("shpo", made_on=D(2015, 3, 8)) == {}
    assert "only from 8 March 2015" in check("shpo", made_on=D(2009, 6, 1))["starts_on"]


def test_golden_rsho_replaced_by_the_sexual_risk_order():
    """2014 Act Sch 5 para 5: 'Sections 123 to 129 (risk of sexual harm orders) are repealed'; ss.122A-122K
    (sexual risk orders) inserted, both from 8 March 2015."""
    assert check("rsho", made_on=D(2012, 1, 1)) == {}
    assert "record a sexual risk order (SRO)" in check("rsho", made_on=D(2016, 1, 1))["starts_on"]
    assert "only from 8 March 2015" in check("sro", applied_on=D(2014, 1, 1))["applied_on"]


def test_golden_an_order_applied_for_before_the_change_may_be_made_after_it():
    """2014 Act s.114(2): the repeal 'does not apply in relation to (a) an application made before the
    commencement day for an existing order; (b) an existing order (whether made before or after that day)
    applied for before that day'."""
    assert check("sopo", applied_on=D(2015, 2, 20), made_on=D(2015, 4, 1)) == {}
    assert "on an application made by 7 March 2015" in check("sopo", made_on=D(2015, 4, 1))["starts_on"]


def test_golden_the_sex_offender_order_and_restraining_order_came_before_the_sopo():
    """HMI Probation/HMIC 2010, Gloss:SOPO: the SOPO was 'introduced by the Sexual Offences Act 2003 and replaced
    sexual offender orders and restraining orders' (Crime and Disorder Act 1998 s.2; Sex Offenders Act 1997 s.5A)."""
    assert check("soo", made_on=D(2000, 1, 10)) == {}
    assert "only from 1 December 1998 to 30 April 2004; from 1 May 2004 record a sexual offences prevention " \
           "order (SOPO)" in check("soo", made_on=D(2004, 5, 1))["starts_on"]
    assert check("restraining_order", made_on=D(2003, 1, 1)) == {}
    assert "only from 1 May 2004" in check("sopo", made_on=D(2003, 1, 1))["starts_on"]


def test_golden_interim_orders_exist_only_where_the_act_provides_them():
    """Sexual Offences Act 2003 s.109 (interim SOPO), s.100 (interim notification order), s.126 (interim RSHO),
    s.103F (interim SHPO), s.122E (interim SRO); ss.114-122 made no interim foreign travel order."""
    for kind, on in [("sopo", D(2010, 1, 1)), ("notification_order", D(2010, 1, 1)), ("rsho", D(2010, 1, 1)),
                     ("shpo", D(2020, 1, 1)), ("sro", D(2020, 1, 1))]:
        assert check(kind, made_on=on, interim=True) == {}, kind
    assert "no interim foreign travel order" in check("fto", made_on=D(2010, 1, 1), interim=True)["status"]


# --- the service: page and API give the same answer, historic records still validate


def test_a_new_sopo_or_fto_after_march_2015_is_refused_and_nothing_is_saved(world):
    with pytest.raises(ValidationError) as exc:
        add(world, kind="sopo", status="granted", applied_on=D(2020, 6, 1), starts_on=D(2020, 7, 1),
            until_further_order=True)
    assert "from 8 March 2015 record a sexual harm prevention order" in exc.value.message_dict["applied_on"][0]
    with pytest.raises(ValidationError) as exc:
        add(world, kind="fto", status="granted", starts_on=D(2021, 1, 4), ends_on=D(2021, 7, 1))
    assert "foreign travel order could be made only" in exc.value.message_dict["starts_on"][0]
    with pytest.raises(ValidationError) as exc:
        add(world, kind="shpo", status="granted", starts_on=D(2009, 5, 1), until_further_order=True)
    assert "only from 8 March 2015" in exc.value.message_dict["starts_on"][0]
    assert not CivilOrder.objects.exists()


def test_orders_made_before_the_change_still_validate_and_continue_until_they_end(world):
    sopo = add(world, kind="sopo", status="granted", applied_on=D(2014, 12, 1), starts_on=D(2015, 1, 5),
               until_further_order=True)
    late = add(world, kind="sopo", status="granted", applied_on=D(2015, 3, 1), starts_on=D(2015, 5, 1),
               ends_on=D(2020, 5, 1))
    soo = add(world, kind="soo", status="granted", starts_on=D(2001, 3, 1), ends_on=D(2006, 3, 1))
    services.update_record(actor=world.police, item=sopo, data={"court": "Bradwell Magistrates"}, version=sopo.version)
    assert "subject to a SOPO until further order" in queries.legal_status(world.case).lines
    assert late.pk and soo.pk
    with pytest.raises(ValidationError) as exc:  # a sex offender order lasts at least five years
        add(world, kind="soo", status="granted", starts_on=D(2001, 3, 1), ends_on=D(2004, 3, 1))
    assert "at least 5 years" in exc.value.message_dict["ends_on"][0]


def test_a_sexual_risk_order_is_recorded_but_brings_no_notification(world):
    order = add(world, kind="sro", status="granted", starts_on=D(2024, 1, 8), ends_on=D(2026, 1, 7))
    assert order.short_label == "a sexual risk order"
    with pytest.raises(ValidationError) as exc:
        add(world, kind="sro", status="granted", starts_on=D(2024, 1, 8), ends_on=D(2025, 1, 7))
    assert "at least 2 years" in exc.value.message_dict["ends_on"][0]
    with pytest.raises(ValidationError) as exc:
        services.create_record(actor=world.police, nominal=world.case, kind=KINDS["notification"],
                               data={"civil_order": order, "relevant_date": D(2024, 1, 8)})
    assert "civil_order" in exc.value.message_dict


def test_the_api_refuses_a_kind_outside_its_dates_with_the_same_words(world):
    api = APIClient()
    api.force_authenticate(world.police)
    bad = api.post(f"/api/v1/nominals/{world.case.pk}/civil-orders/", {
        "kind": "fto", "status": "granted", "starts_on": "2020-01-06", "ends_on": "2020-06-01"}, format="json")
    assert bad.status_code == 400
    assert "foreign travel order could be made only from 1 May 2004 to 7 March 2015" in bad.json()["errors"]["starts_on"][0]
    ok = api.post(f"/api/v1/nominals/{world.case.pk}/civil-orders/", {
        "kind": "shpo", "status": "interim", "applied_on": "2020-01-06", "starts_on": "2020-01-06",
        "ends_on": "2020-06-01"}, format="json")
    assert ok.status_code == 201, ok.json()


def test_the_page_shows_the_same_message(world, login):
    data = {"kind": "sopo", "status": "applied", "applied_on_day": 6, "applied_on_month": 1, "applied_on_year": 2021}
    page = login(world.police).post(f"/orders/{world.case.pk}/civil-orders/new/", data)
    assert page.status_code == 200
    assert "could be applied for only from 1 May 2004 to 7 March 2015" in page.content.decode()
    assert not CivilOrder.objects.exists()
