"""Demo licences, conditions, zones and address checks for the headline cases, through the services.

Northshire and its towns are fictional; their places are put at real coordinates in Essex (the county
of the seed reports) so that distances are realistic.
"""
import datetime

from mappa.licences import services
from mappa.licences.models import LicenceCondition, Variation, Zone
from mappa.nominals import services as register
from mappa.nominals.items import KINDS
from mappa.nominals.models import Address, Relationship
from mappa.orders.models import Sentence

# Where the fictional places are.
PLACES = {
    "Hallam Cross": (51.7340, 0.4690),
    "Eastmere": (51.8810, 0.5520),
    "Saltmarsh Bay": (51.5430, 0.7070),
    "Brackford": (51.8900, 0.9030),
    "Coldharbour": (52.0560, 1.1480),
}


def _years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _address(nominal, line1):
    return Address.objects.filter(nominal=nominal, line1=line1).first()


def _person(nominal, name):
    return Relationship.objects.filter(nominal=nominal, other_name=name).first()


def _circle(lat, lon, radius):
    return {"type": "Point", "coordinates": [lon, lat]}, radius


def _period(nominal, start, end) -> dict:
    """The licence's dates: from the sentence it was issued under when the orders demo recorded it (one period,
    shown the same by the legal status, the licence and the facts), or typed in when it did not."""
    sentence = (Sentence.objects.filter(nominal=nominal, kind__in=Sentence.CUSTODIAL, licence_start__isnull=False)
                .order_by("-sentenced_on", "-pk").first())
    if sentence is not None and services.sentence_period(sentence)[1] is not None:
        return {"sentence": sentence.pk}
    return {"start_date": start, "end_date": end, "start_date_source": "licence", "end_date_source": "licence"}


def load(*, users, nominals, today):
    om, ppo = users["om.probation"], users["ppo.police"]
    _dunmore(om, ppo, nominals.get("dunmore"), today)
    _hartnell(om, ppo, nominals.get("hartnell"), today)


def _dunmore(om, ppo, nominal, today):
    """Seed 001 lines 23-30 / seed 002 lines 496-500: non-contact condition and exclusion zone for the
    victim; his plan to live with his daughter refused as inside the zone; approved premises first."""
    if nominal is None:
        return
    released = today - datetime.timedelta(days=round(13.4 * 30.4))
    licence = services.create_licence(actor=om, nominal=nominal, data={
        "kind": "standard", **_period(nominal, released, _years(released, 1) - datetime.timedelta(days=1)),
        "issued_by": "HMP & YOI Brackford, for the Secretary of State",
        "notes": "On licence to the end of his sentence. Released at 40 per cent of the term (SI 2024/844), so "
                 "about fourteen months; the seed's 12 months came from the halfway release of its day "
                 "(seed 001: 'his Licence is only 12 months')."})
    released = licence.start_date  # the sentence's release when the licence follows it
    victim = _person(nominal, "Tracy Holden")
    ap = _address(nominal, "Northshire Approved Premises")
    victim_lat, victim_lon = 51.7395, 0.4745  # the victim's home, in Hallam Cross
    home, _ = services.add_zone(actor=om, nominal=nominal, data={
        "kind": Zone.Kind.PROTECTED, "label": "Tracy Holden's home", "geometry": {"type": "Point", "coordinates": [victim_lon, victim_lat]},
        "handling": "victim", "description": "Police alarm fitted."})
    geometry, radius = _circle(victim_lat, victim_lon, 800)
    kept = {}
    for code, params in [
        ("good_behaviour", {}), ("keep_in_touch", {}), ("receive_visits", {}), ("approved_address", {}),
        ("residence", {"premises": ", ".join([ap.line1, ap.line2, ap.town]) if ap else "approved premises"}),
        ("curfew", {"address": "the approved premises", "start": "21:00", "end": "07:00"}),
        ("no_contact", {"people": [victim.pk] if victim else []}),
        ("exclusion_zone", {}),
        ("police_visits", {}), ("notify_relationships", {}), ("notify_vehicles", {}),
    ]:
        if code == "no_contact" and not victim:
            continue
        condition = services.add_condition(actor=om, licence=licence, code=code, parameters=params, added_on=released)
        kept[code] = condition
        if code == "exclusion_zone":
            services.add_zone(actor=om, nominal=nominal, data={
                "kind": Zone.Kind.EXCLUSION, "label": "Hallam Cross: 800 m around the victim's home",
                "geometry": geometry, "radius_m": radius, "condition": condition, "handling": "victim",
                "description": "Covers her home and her route to work, as she asked through the victim contact officer."})
    daughter = register.create_item(actor=om, nominal=nominal, kind=KINDS["addresses"], data={
        "status": "proposed", "kind": "home", "line1": "9 Orchard Way", "town": "Hallam Cross", "county": "Northshire",
        "postcode": "NX2 6PL", "notes": "His daughter Emma's home: his own plan for release. Refused by MAPPA: inside the exclusion zone."})
    services.record_location(actor=om, address=daughter, latitude=51.7372, longitude=0.4801)
    if ap:
        services.record_location(actor=om, address=ap, latitude=PLACES["Hallam Cross"][0] + 0.012, longitude=PLACES["Hallam Cross"][1] - 0.030)
    now = _address(nominal, "Flat 12, Harbour View")
    if now:
        services.record_location(actor=om, address=now, latitude=PLACES["Saltmarsh Bay"][0], longitude=PLACES["Saltmarsh Bay"][1])
    work = _address(nominal, "Eastmere Distribution Ltd")
    if work:
        services.record_location(actor=ppo, address=work, latitude=PLACES["Eastmere"][0], longitude=PLACES["Eastmere"][1])
    del home
    _relax_curfew(om, licence, kept, today)


def _relax_curfew(om, licence, conditions, today):
    """Seed 001 line 35: "hostel curfew conditions are gradually relaxed, ready for move-on from the hostel"; then the
    move to his own flat (demo_data.py: the approved premises until 7 months ago)."""
    curfew, residence = conditions.get("curfew"), conditions.get("residence")
    if curfew is None or residence is None:
        return
    mo = lambda months: today - datetime.timedelta(days=round(months * 30.4))  # noqa: E731 - as demo_data counts
    common = {"requested_by": "Offender manager, agreed at the MAPPA review", "consulted": "MAPPA review; police public "
              "protection unit; the approved premises manager", "decided_by": "Senior probation officer, for the "
              "Secretary of State", "decision": Variation.Decision.APPROVED}
    for months, start, reason in (
            (11, "22:00", "Settled at the premises, curfew kept, engaging with supervision and his mental health "
                          "treatment: a first step towards move-on."),
            (9, "23:00", "Progress reported to the MAPPA review (treatment for depression, victim awareness work, no "
                         "attempt to contact her): relaxed again to prepare for move-on and for work.")):
        curfew = LicenceCondition.objects.get(pk=curfew.pk)
        services.record_variation(actor=om, licence=licence, parameters={
            "address": "the approved premises", "start": start, "end": "07:00"}, data={
            **common, "kind": Variation.Kind.EASE, "condition": curfew, "decided_on": mo(months),
            "request": f"Curfew to start at {start} instead of {curfew.parameters.get('start')}.", "reason": reason})
    curfew = LicenceCondition.objects.get(pk=curfew.pk)
    services.record_variation(actor=om, licence=licence, data={
        **common, "kind": Variation.Kind.REMOVE, "condition": curfew, "decided_on": mo(7),
        "request": "Remove the approved premises curfew as he moves on to his own flat.",
        "reason": "Moved on as planned to a flat checked by police; police monitoring visits and home supervision "
                  "continue."})
    residence = LicenceCondition.objects.get(pk=residence.pk)
    services.record_variation(actor=om, licence=licence, parameters={
        "premises": "Flat 12, Harbour View, Quay Street, Saltmarsh Bay"}, data={
        **common, "kind": Variation.Kind.VARY, "condition": residence, "decided_on": mo(7),
        "request": "Live at his rented flat instead of the approved premises.",
        "reason": "Move-on agreed at the MAPPA review; the flat is outside the exclusion zone and police checked it."})


def _hartnell(om, ppo, nominal, today):
    """Seed 002 lines 196-214: extended licence; exclusion zones; approved premises out of county because
    the Northshire one was too close to a zone; notify relationships and vehicles; programme; a request to
    travel through the zones refused after MAPPA and the victim liaison officer were consulted."""
    if nominal is None:
        return
    released = today - datetime.timedelta(days=round(30 * 30.4))
    # An extended sentence's licence runs to the end of the custodial term (seven years from custody,
    # which began 86.5 months ago) and the three-year extension: the same dates as the sentence record.
    custody_from = today - datetime.timedelta(days=round(86.5 * 30.4))
    licence = services.create_licence(actor=om, nominal=nominal, data={
        "kind": "extended", **_period(nominal, released, custody_from + datetime.timedelta(days=round(120 * 30.4))),
        "issued_by": "HMP & YOI Brackford, for the Secretary of State; re-release directed by the Parole Board",
        "notes": "Three-year extended licence. Recalled once for failing to disclose a relationship; re-released by the Parole Board."})
    released = licence.start_date
    victims = list(Relationship.objects.filter(nominal=nominal, kind="victim", other_name__startswith="Victim").order_by("other_name"))
    zone_condition = None
    for code, params in [
        ("good_behaviour", {}), ("keep_in_touch", {}), ("receive_visits", {}), ("approved_address", {}),
        ("no_contact", {"people": [v.pk for v in victims[:2]]}),
        ("exclusion_zone", {}),
        ("notify_relationships", {}), ("notify_vehicles", {}),
        ("programme", {"programme": "the sex offender treatment programme"}),
        ("no_work_with_children", {}),
    ]:
        if code == "no_contact" and not victims:
            continue
        condition = services.add_condition(actor=om, licence=licence, code=code, parameters=params, added_on=released)
        if code == "exclusion_zone":
            zone_condition = condition
    e_lat, e_lon = PLACES["Eastmere"]
    services.add_zone(actor=om, nominal=nominal, data={
        "kind": Zone.Kind.EXCLUSION, "label": "Eastmere town centre and Victim 1's street",
        "geometry": {"type": "Polygon", "coordinates": [[[e_lon - 0.020, e_lat - 0.010], [e_lon + 0.018, e_lat - 0.012],
                                                          [e_lon + 0.022, e_lat + 0.011], [e_lon - 0.015, e_lat + 0.013],
                                                          [e_lon - 0.020, e_lat - 0.010]]]},
        "condition": zone_condition, "handling": "victim"})
    b_lat, b_lon = PLACES["Brackford"]
    services.add_zone(actor=om, nominal=nominal, data={
        "kind": Zone.Kind.EXCLUSION, "label": "Brackford: 1 km around Victim 2's home",
        "geometry": {"type": "Point", "coordinates": [b_lon, b_lat]}, "radius_m": 1000,
        "condition": zone_condition, "handling": "victim"})
    northshire_ap = register.create_item(actor=om, nominal=nominal, kind=KINDS["addresses"], data={
        "status": "previous", "kind": "approved_premises", "line1": "Northshire Approved Premises", "line2": "2 Station Road",
        "town": "Eastmere", "county": "Northshire", "postcode": "NX2 8AA",
        "notes": "Considered for release and refused: too close to one of the proposed exclusion zones (seed 002)."})
    services.record_location(actor=om, address=northshire_ap, latitude=e_lat + 0.016, longitude=e_lon + 0.004)
    southmoor = _address(nominal, "Southmoor Approved Premises")
    if southmoor:
        services.record_location(actor=om, address=southmoor, latitude=PLACES["Coldharbour"][0], longitude=PLACES["Coldharbour"][1])
    home = _address(nominal, "27 Larch Close")
    if home:
        services.record_location(actor=om, address=home, latitude=51.7330, longitude=0.4400)
    services.record_variation(actor=om, licence=licence, data={
        "kind": Variation.Kind.EASE, "condition": zone_condition, "requested_by": "Lee Hartnell",
        "request": "To travel through the exclusion zones on the way to his supervising officer, to shorten the journey.",
        "decision": Variation.Decision.REFUSED, "decided_on": released + datetime.timedelta(days=60),
        "decided_by": "Senior probation officer, after discussion at MAPPA",
        "reason": "Easing is not done without care: the detours keep him away from the victims. Reminded that any vehicle must be notified.",
        "consulted": "MAPPA level 2 meeting; police public protection unit (vehicle details shared for route checks).",
        "victim_liaison_consulted": True, "victim_views": "Both victims who opted in asked for the zones to stay as they are.",
        "handling": "victim"})
