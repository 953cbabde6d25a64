"""Restricted items of every handling kind on two shared demo records, for the crawl (tests/test_crawl.py).

The demo tells its stories with few restricted items. The crawl adds, on Lee Hartnell's and Kevin Dunmore's
records (each read by the police, probation, victim services, a health partner and others), one item of each
handling kind (victim details, intelligence, health information) for every kind of record that can be
restricted: address, person living there, alias, identifier, vehicle, contact, relationship, activity entry,
document, risk assessment, conviction with its sentence and custody, serious further offence, civil order in force
with a prohibition, exclusion zone with a proposed address located in it, licence condition and a variation of it,
plan item, and MAPPA minute and action, and a victim with a contact entry and a request (readable only by those
the victims rule allows, narrower than their handling); and, anyone on the case may see, items that point at restricted ones (a
lodger at the restricted address, a breach, a recall and a further offence of the restricted sentence and
conviction, a licence issued under that sentence, a zone drawn for the restricted condition). Each is recorded
through the services by someone whose agency may record it, so the events, notifications, work-list lines,
review requests and audit rows follow as in real use.

Every text is made of coined words (`coin`), used nowhere else, so any of them on a page is a leak, however the
page cuts or reformats the text. The crawl checks each coined word on its own as well as each whole text.

Kept out of the demo itself: the demo tells real stories to new users, and coined words would read as noise.
"""
from __future__ import annotations

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mappa.accounts.models import User
from mappa.arrangements import services as mappa
from mappa.arrangements.models import AgendaCase, Meeting, Minute
from mappa.core import extensions
from mappa.core.markings import Handling
from mappa.licences import services as licences
from mappa.licences.models import Licence, Zone
from mappa.nominals import services as register
from mappa.nominals.items import KINDS as REGISTER
from mappa.nominals.models import IdentifierKind, Nominal
from mappa.orders import services as orders
from mappa.orders.kinds import KINDS as ORDERS
from mappa.plans import services as plans
from mappa.resettlement import services as resettlement
from mappa.risk import services as risk
from mappa.safeguarding import services as safeguarding
from mappa.supervision import services as supervision
from mappa.victims import services as victims

HANDLINGS = (Handling.VICTIM, Handling.INTELLIGENCE, Handling.HEALTH)
# Who records each kind: an agency that may see it, as in real use.
WRITERS = {Handling.VICTIM: "om.probation", Handling.INTELLIGENCE: "ppo.police", Handling.HEALTH: "mh.nurse"}
# Victim services record some of the victim details (then probation sees them by the handling rule, not as their own).
VICTIM_SERVICES = "victim.care"
RECORDS = {"hartnell": ("Lee", "Hartnell"), "dunmore": ("Kevin", "Dunmore")}
# Where each record's zones are: open country in Essex, clear of the demo's own zones.
ZONE_CENTRES = {"hartnell": (51.640, 0.180), "dunmore": (51.640, 0.330)}
ZONE_RADIUS_M = 300
ZONE_SPACING = 0.03  # degrees of longitude between one handling's zone and the next (about 2 km)

_FIRST = ("Zub", "Vok", "Quel", "Drav", "Mirz", "Tolv", "Brusk", "Gaz", "Plov", "Yarn", "Krev", "Wuzh", "Hobr")
_MIDDLE = ("ov", "ig", "ad", "ur", "em", "ox")
_LAST = ("rind", "mask", "tolk", "zeb", "quon", "vard", "plim", "snek", "drup")


def _coined():
    """Words of three syllables that no one here uses ("Zubovrind", "Quelemask"), one after another."""
    for last, middle, first in itertools.product(_LAST, _MIDDLE, _FIRST):
        yield f"{first}{middle}{last}"


@dataclass
class World:
    """What was added: the coined words, each with the handling of the item that holds it."""

    words: dict[str, str] = field(default_factory=dict)
    nominals: dict[str, Nominal] = field(default_factory=dict)
    zones: dict[str, list[Zone]] = field(default_factory=dict)
    aliases: list = field(default_factory=list)
    identifiers: list = field(default_factory=list)
    # The pages of the items of each record and handling (the restricted items, and the items anyone on the
    # case may see that point at them), for the crawl to read as every user: one page of each shape is all
    # the walk itself reads.
    pages: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    _source = None

    def coin(self, handling: str, n: int = 1, *, hold: bool = True) -> str:
        """`n` new words for a text restricted as `handling` (with hold=False, for the caller to make into one)."""
        if self._source is None:
            self._source = _coined()
        made = [next(self._source) for _ in range(n)]
        for word in made if hold else ():
            self.words[word] = handling
        return " ".join(made)

    def hold(self, word: str, handling: str) -> str:
        self.words[word] = handling
        return word

    def page(self, nominal, handling: str, url: str) -> None:
        self.pages.setdefault((_key(nominal), handling), []).append(url)


def build() -> World:
    """Add the restricted items to the demo (already loaded). Returns what was added."""
    users = {u.username: u for u in User.objects.select_related("agency", "team")}
    world = World()
    today = timezone.localdate()
    for key, (first, last) in RECORDS.items():
        nominal = Nominal.objects.get(first_name=first, last_name=last)
        world.nominals[key] = nominal
        manager = nominal.manager
        if not nominal.partners.filter(user=users["mh.nurse"], ended_at__isnull=True).exists():
            register.add_partner(actor=manager, nominal=nominal, user=users["mh.nurse"],
                                 reason="Criminal justice mental health team: assessment and treatment")
        meeting = _meeting_for(users, nominal, today)
        _liaison_input(nominal, today)
        world.zones[key] = []
        for n, handling in enumerate(HANDLINGS):
            writer = users[WRITERS[handling]]
            _register_items(world, users, nominal, handling, writer, n, today)
            _orders(world, nominal, handling, writer, today)
            _zone(world, users, key, nominal, handling, writer, n)
            _condition_and_plan(world, users, nominal, handling, writer, today)
            _minute_and_action(world, users, nominal, handling, meeting, today)
        _victim(world, nominal, today)
        _third_parties(world, nominal, today)
        _treatment(world, nominal, today)
    return world


TREATMENT = "treatment"  # as test_crawl.TREATMENT_HANDLING: for policy.treatment_details_for only


def _treatment(world, nominal, today):
    """A community order anyone on the case may see, with a treatment requirement whose details (what it treats,
    the provider, testing: coined words) only probation and health may read (policy.treatment_details_for), and
    medication to reduce sexual arousal (the drug and prescriber: coined words; policy.medication_for), and a health
    and substance misuse pathway whose details (the need, the service, the outcome's notes: coined words) are read
    only through policy.pathway_details_for, with an action (coined words, health information read only through
    policy.pathway_actions_for)."""
    c, manager = world.coin, nominal.manager
    begun = today - datetime.timedelta(days=100)
    conviction = orders.create_record(actor=manager, nominal=nominal, kind=ORDERS["convictions"], today=today, data={
        "kind": "conviction", "offence": "Criminal damage", "convicted_on": begun})
    order = orders.create_record(actor=manager, nominal=nominal, kind=ORDERS["sentences"], today=today, data={
        "conviction": conviction, "kind": "community", "sentenced_on": begun, "length_months": Decimal("12"),
        "order_end": begun + datetime.timedelta(days=365)})
    supervision.add_requirement(actor=manager, nominal=nominal, data={
        "sentence": order, "kind": "treatment", "days": 10, "starts_on": begun},
        treatment={"treatment": "alcohol", "provider": c(TREATMENT, 2), "testing": c(TREATMENT, 2)})
    supervision.add_medication(actor=manager, nominal=nominal, today=today, data={
        "drug": c(TREATMENT, 2), "prescriber": c(TREATMENT, 2), "consent_on": begun, "started_on": begun})
    world.page(nominal, TREATMENT, f"/supervision/{nominal.pk}/")
    _pathway(world, nominal, today)


def _pathway(world, nominal, today):
    c, manager = world.coin, nominal.manager
    pathway = resettlement.add_pathway(actor=manager, nominal=nominal, today=today, data={
        "kind": "health_substance", "assessed_on": today - datetime.timedelta(days=40), "need": ""},
        detail={"focus": "drugs", "need": c(TREATMENT, 2), "provider": c(TREATMENT, 2)})
    resettlement.add_action(actor=manager, pathway=pathway, today=today, data={
        "action": c(Handling.HEALTH, 2), "who": c(Handling.HEALTH), "target_on": today + datetime.timedelta(days=10)})
    resettlement.record_outcome(actor=manager, pathway=pathway, outcome="reduced", when="review",
                                notes=c(TREATMENT, 2), version=pathway.version, today=today)
    world.page(nominal, TREATMENT, f"/resettlement/{nominal.pk}/")


THIRD_PARTY = "third party"  # as test_crawl.THIRD_PARTY_HANDLING: names for policy.may_see_third_parties only


def _third_parties(world, nominal, today):
    """A disclosure decision, a public request and a safeguarding referral, recorded by the offender manager, each
    naming a third party in coined words: readable only by those policy.may_see_third_parties allows."""
    c, manager = world.coin, nominal.manager
    decision = safeguarding.record_decision(actor=manager, nominal=nominal, data={
        "occasion": "other", "considered_on": today, "decision": "disclose", "ground": "help_manage",
        "power": "common_law", "pressing_need": True, "rationale": "Could help manage the risk",
        "recipient_kind": "employer", "recipient": c(THIRD_PARTY, 2), "what_disclosed": "His convictions",
        "review_on": today + datetime.timedelta(days=90)})
    request = safeguarding.add_request(actor=manager, nominal=nominal, data={
        "applicant_name": c(THIRD_PARTY, 2), "applicant_relationship": "Grandmother", "concern": "He visits",
        "received_on": today})
    safeguarding.add_referral(actor=manager, nominal=nominal, data={
        "kind": "children", "about": c(THIRD_PARTY, 2), "referred_on": today, "reason": "Children at the address"})
    world.page(nominal, THIRD_PARTY, f"/safeguarding/decisions/{decision.pk}/")
    world.page(nominal, THIRD_PARTY, f"/safeguarding/requests/{request.pk}/")


def _liaison_input(nominal, today):
    """The victim liaison officer's input to the manager today, on a record with a victim in statutory contact, so
    the world's addresses may be added without a reason they are urgent (tests/test_victims_vlo_input.py)."""
    from mappa.victims.models import Victim

    victim = (Victim.objects.filter(nominal=nominal, scheme_response=Victim.Response.OPTED_IN, ended_on__isnull=True)
              .select_related("liaison_officer").first())
    if victim is not None:
        victims.add_contact(actor=victim.liaison_officer or nominal.manager, victim=victim, data={
            "occurred_on": today, "method": "manager", "reached": True, "summary": "Input for the release plan"})


def _victim(world, nominal, today):
    """A victim with a contact entry and a request for a licence condition, recorded by the offender manager:
    readable only by those policy.may_see_victims allows, narrower than every agency allowed victim details."""
    c, h = world.coin, Handling.VICTIM
    manager = nominal.manager
    victim = victims.add_victim(actor=manager, nominal=nominal, data={
        "kind": "past", "name": c(h, 2), "description": c(h, 2), "relationship": c(h, 1), "address": c(h, 3),
        "contact_preferences": c(h, 2)})
    victims.add_contact(actor=manager, victim=victim, data={
        "occurred_on": today, "method": "phone", "reached": True, "summary": c(h, 2), "views": c(h, 2)})
    victims.add_request(actor=manager, victim=victim, data={
        "requested_on": today, "kind": "no_contact", "details": c(h, 2)})
    world.page(nominal, h, f"/victims/{victim.pk}/")


def _add(actor, nominal, slug, **data):
    return register.create_item(actor=actor, nominal=nominal, kind=REGISTER[slug], data=data)


def _register_items(world, users, nominal, handling, writer, n, today):
    c = world.coin
    h = handling
    postcode = f"NX8 {n + 1 if nominal.first_name == 'Lee' else n + 4}{'QVZ'[n]}{'WYX'[n]}"
    address = _add(writer, nominal, "addresses", status="proposed", kind="home", line1=f"{n + 3} {c(h)} Lane",
                   line2=c(h), town=c(h), county="Northshire", postcode=postcode, notes=c(h, 2), handling=h)
    lat, lon = ZONE_CENTRES[_key(nominal)]
    location = licences.record_location(actor=writer, address=address, latitude=lat + 0.006,
                                        longitude=lon + n * ZONE_SPACING)  # about 670 m north of this handling's zone
    occupant = _add(writer, nominal, "occupants", address=address, name=c(h, 2), relationship=c(h), handling=h)
    # Someone anyone on the case may know of, living at the restricted address: the address stays hidden.
    lodger = _add(writer, nominal, "occupants", address=address, name=f"{('Robin', 'Sam', 'Alex')[n]} Ashby",
                  relationship="Lodger")
    for url in (f"/people/{nominal.pk}/addresses/{address.pk}/", f"/licences/locations/{location.pk}/",
                f"/people/{nominal.pk}/occupants/{occupant.pk}/", f"/people/{nominal.pk}/occupants/{lodger.pk}/"):
        world.page(nominal, h, url)
    alias = _add(writer, nominal, "aliases", kind="alias", first_name=c(h), last_name=c(h), notes=c(h, 2), handling=h)
    world.aliases.append(alias)
    # With a digit, as the search reads a query as an identifier only when it has one.
    value = world.hold(f"{c(h, hold=False).upper()}{n + 1}", h)
    identifier = _add(writer, nominal, "identifiers", kind=IdentifierKind.NATIONAL, value=value, handling=h)
    world.identifiers.append(identifier)
    _add(writer, nominal, "vehicles", registration=f"QX{postcode[4]}{'ABC'[n]} {'KLM'[n]}{'VWY'[n]}{'PRT'[n]}",
         make=c(h), model=c(h), colour=c(h), notes=c(h, 2), handling=h)
    _add(writer, nominal, "contacts", kind="online", value=c(h).lower(), platform=c(h), notes=c(h, 2), handling=h)
    _add(writer, nominal, "relationships", kind="partner", other_name=c(h, 2), description=c(h, 2), notes=c(h, 2),
         started=today - datetime.timedelta(days=40), handling=h)
    by = users[VICTIM_SERVICES] if h == Handling.VICTIM else writer
    when = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=5 + n), datetime.time(11)))
    _add(by, nominal, "activities", kind="intelligence" if h == Handling.INTELLIGENCE else "information",
         occurred_at=when, summary=c(h, 2), details=c(h, 3), handling=h)
    _add(writer, nominal, "documents", title=c(h, 2), kind=c(h), notes=c(h, 2), handling=h,
         file=SimpleUploadedFile(f"{c(h, hold=False).lower()}.txt", c(h, 3, hold=False).encode(), content_type="text/plain"))
    risk.create_assessment(actor=writer, nominal=nominal, risk_type="likelihood", tool="oasys", values={"level": "medium"},
                           assessed_on=today - datetime.timedelta(days=2), narrative={"notes": c(h, 2)}, handling=h)


def _key(nominal) -> str:
    return next(k for k, (first, last) in RECORDS.items() if (nominal.first_name, nominal.last_name) == (first, last))


def _orders(world, nominal, handling, writer, today):
    c, h = world.coin, handling

    def add(slug, **data):
        return orders.create_record(actor=writer, nominal=nominal, kind=ORDERS[slug], data=data, today=today)

    years = lambda n: today - datetime.timedelta(days=round(n * 365.25))  # noqa: E731
    conviction = add("convictions", kind="conviction", offence=c(h, 2), offence_date=years(12), convicted_on=years(11),
                     court=c(h), violent=True, schedule="schedule_5", maximum_penalty_years=Decimal("10"), handling=h)
    sentence = add("sentences", conviction=conviction, kind="custody", sentenced_on=years(11), length_months=Decimal("18"),
        custody_from=years(11), release_kind="automatic", release_date=years(10.3), released_on=years(10.3),
        licence_start=years(10.3), licence_end=years(9.8), sentence_expiry=years(9.8), notes=c(h, 2), handling=h)
    serious = add("further-offences", offence=c(h, 2), occurred_on=today - datetime.timedelta(days=3), while_under="licence",
                  violent=True, sexual=False, maximum_penalty_years=Decimal("14"), notes=c(h, 2), handling=h)
    # Records anyone on the case may see that point at the restricted ones: what they point at stays hidden.
    breach = add("breaches", against="licence", sentence=sentence, occurred_on=years(10), what="Missed two appointments")
    recall = add("recalls", sentence=sentence, kind="standard", requested_on=years(10), requested_by="Offender manager",
                 reason="Out of touch for a week")
    theft = add("further-offences", offence="Theft from a shop", occurred_on=years(12), while_under="other",
                conviction=conviction)
    add("custody", kind="sentence", sentence=sentence, establishment=c(h), started_on=years(11), ended_on=years(10.3),
        handling=h)
    order = add("civil-orders", kind="shpo", status="granted", conviction=conviction, applied_on=today - datetime.timedelta(days=90),
                applicant=c(h), court=c(h), starts_on=today - datetime.timedelta(days=60), until_further_order=True,
                notes=c(h, 2), handling=h)
    add("prohibitions", order=order, category="places", text=c(h, 2), handling=h)
    licence = licences.create_licence(actor=writer, nominal=nominal, data={
        "kind": "standard", "sentence": sentence.pk, "issued_by": "HMP & YOI Brackford"})
    for slug, item in (("convictions", conviction), ("sentences", sentence), ("further-offences", serious),
                       ("breaches", breach), ("recalls", recall), ("further-offences", theft)):
        world.page(nominal, h, f"/orders/{nominal.pk}/{slug}/{item.pk}/")
    world.page(nominal, h, f"/licences/{licence.pk}/")


def _zone(world, users, key, nominal, handling, writer, n):
    c, h = world.coin, handling
    lat, lon = ZONE_CENTRES[key]
    lon += n * ZONE_SPACING
    zone, _ = licences.add_zone(actor=writer, nominal=nominal, data={
        "kind": Zone.Kind.EXCLUSION, "label": c(h, 2), "description": c(h, 2), "handling": h,
        "geometry": {"type": "Point", "coordinates": [lon, lat]}, "radius_m": ZONE_RADIUS_M})
    world.zones[key].append(zone)
    # A proposed address anyone on the case may see, located inside the zone: the check must answer each reader
    # without telling them of a zone they may not see.
    om = users["om.probation"]
    proposed = _add(om, nominal, "addresses", status="proposed", kind="home", line1=f"{20 + n} Brook Lane",
                    town="Hallam Cross", county="Northshire", postcode=f"NX2 {n + 1}AB")
    location = licences.record_location(actor=om, address=proposed, latitude=lat + 0.0005, longitude=lon)
    world.page(nominal, h, f"/licences/zones/{zone.pk}/")
    world.page(nominal, h, f"/licences/locations/{location.pk}/")


def _condition_and_plan(world, users, nominal, handling, writer, today):
    c, h = world.coin, handling
    licence = Licence.objects.filter(nominal=nominal).order_by("-start_date", "-pk").first()
    condition = licences.add_condition(actor=writer, licence=licence, code="not_enter_place",
                                       parameters={"place": f"the {c(h, 2)}"}, handling=h)
    licences.record_variation(actor=writer, licence=licence, data={
        "kind": "vary", "condition": condition, "requested_by": c(h), "request": c(h, 2), "decision": "refused",
        "decided_on": today, "decided_by": c(h), "reason": c(h, 2), "consulted": c(h, 2), "handling": h})
    # A zone anyone on the case may see, drawn for the restricted condition: the condition stays hidden.
    lat, lon = ZONE_CENTRES[_key(nominal)]
    zone, _ = licences.add_zone(actor=writer, nominal=nominal, data={
        "kind": Zone.Kind.EXCLUSION, "label": f"Town centre {('north', 'east', 'west')[HANDLINGS.index(h)]}",
        "geometry": {"type": "Point", "coordinates": [lon + HANDLINGS.index(h) * ZONE_SPACING, lat - 0.05]},
        "radius_m": ZONE_RADIUS_M, "condition": condition})
    source = next((r.key for r in extensions.requirements_for(writer, nominal) if condition.text in r.text), "")
    item = plans.add_item(actor=writer, nominal=nominal, data={
        "heading": "monitoring_control", "what": c(h, 2), "why": c(h, 2), "purpose": "restrictive", "owner": writer,
        "every_days": 30, "start": today - datetime.timedelta(days=10), "source_key": source, "handling": h})
    world.page(nominal, h, f"/licences/zones/{zone.pk}/")
    world.page(nominal, h, f"/plans/{nominal.pk}/items/{item.pk}/")


def _meeting_for(users, nominal, today):
    """Today's level 2 meeting of the demo, with this case on its agenda and its open minute recorded."""
    coordinator = users["coordinator"]
    meeting = Meeting.objects.filter(kind=Meeting.Kind.LEVEL2, held_on=today).first()
    if not AgendaCase.objects.filter(meeting=meeting, nominal=nominal).exists():
        mappa.add_to_agenda(actor=coordinator, meeting=meeting, nominal=nominal)
    if not Minute.objects.filter(meeting=meeting, nominal=nominal, disclosure_considered=True).exists():
        mappa.record_minute(actor=coordinator, meeting=meeting, nominal=nominal,
                            summary="Reviewed at the level 2 meeting.", disclosure_considered=True,
                            disclosure_decision="No disclosure to third parties now.")
    return meeting


def _minute_and_action(world, users, nominal, handling, meeting, today):
    c, h = world.coin, handling
    coordinator = users["coordinator"]
    mappa.record_minute(actor=coordinator, meeting=meeting, nominal=nominal, handling=h, summary=c(h, 2),
                        new_information=c(h, 2), risk_review=c(h, 2), victim_issues=c(h, 2), decisions=c(h, 2))
    owner = users[WRITERS[h]]
    action = mappa.add_action(actor=coordinator, meeting=meeting, nominal=nominal, owner_user=owner, owner_name="",
                              owner_agency=None, purpose="restrictive", due_on=today + datetime.timedelta(days=14),
                              description=c(h, 2), handling=h)
    world.page(nominal, h, f"/mappa/actions/{action.pk}/")
