"""Demo data: a fictional MAPPA area ("Northshire"), its agencies and people, and case studies.

Every place, organisation and person here is invented. The case studies retell published case
examples (the files in shared/seeds/, whose names were already amended) as fictional records;
each case below cites the seed file and paragraph it comes from. Dates are relative to the day
the demo is loaded, so the stories always read as recent.

Postcodes use the invented areas NX (Northshire) and SX (Southmoor); phone numbers come from the
Ofcom ranges kept for drama (07700 900xxx, 01632 960xxx); email addresses use example.com; the
National Insurance numbers use the QQ prefix, which is never issued.

Nominals and their items are created through mappa.nominals.services with the acting user who
would record them, so the audit trail and activity log read as they would in real use.
"""
from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Agency, AgencyKind, Area, Role, Team, User
from mappa.audit import context
from mappa.core import extensions
from mappa.core.markings import Handling
from mappa.nominals import services
from mappa.nominals.items import KINDS
from mappa.nominals.models import Activity, Address, Alias, Contact, Gender, IdentifierKind, Nominal, Relationship

DEMO_PASSWORD = "demo-password-2026"
URL = os.environ.get("MAPPA_URL", "http://127.0.0.1:8000")  # `make run` sets it from HOST and PORT
PRIMARY_AREA = "northshire"
OTHER_AREA = "southmoor"

AREAS = [(PRIMARY_AREA, "Northshire"), (OTHER_AREA, "Southmoor")]

# (code, name, kind). require_second_factor stays False for every demo agency so the demo
# sign-ins work without an authenticator app; it is a per-agency switch (Agency admin).
AGENCIES = [
    ("northshire-police", "Northshire Police", AgencyKind.POLICE),
    ("southmoor-police", "Southmoor Police", AgencyKind.POLICE),
    ("probation", "Probation Service", AgencyKind.PROBATION),
    ("hmp-brackford", "HMP & YOI Brackford", AgencyKind.PRISON),
    ("northshire-childrens", "Northshire County Council Children's Services", AgencyKind.CHILDRENS_SERVICES),
    ("northshire-adult-care", "Northshire County Council Adult Social Care", AgencyKind.ADULT_SOCIAL_CARE),
    ("hallam-cross-housing", "Hallam Cross Borough Council Housing Service", AgencyKind.HOUSING),
    ("northshire-health", "Northshire Health and Care NHS Trust", AgencyKind.HEALTH),
    ("northshire-youth-justice", "Northshire Youth Justice Service", AgencyKind.YOUTH_OFFENDING),
    ("jobcentre-plus", "Jobcentre Plus", AgencyKind.JOBCENTRE),
    ("sentinel-monitoring", "Sentinel Monitoring Services", AgencyKind.ELECTRONIC_MONITORING),
    ("northshire-victim-care", "Northshire Victim Care", AgencyKind.VICTIM_SERVICES),
]

# key: (agency code, area code, team name)
TEAMS = {
    "police-ppu": ("northshire-police", PRIMARY_AREA, "Public Protection Unit"),
    "police-eastmere": ("northshire-police", PRIMARY_AREA, "Eastmere Division (Response)"),
    "southmoor-ppu": ("southmoor-police", OTHER_AREA, "Public Protection Unit"),
    "probation-hallam": ("probation", PRIMARY_AREA, "Hallam Cross Probation Office"),
    "mappa-unit": ("probation", PRIMARY_AREA, "Northshire MAPPA Unit"),
    "probation-southmoor": ("probation", OTHER_AREA, "Southmoor Probation Office"),
    "prison-ppu": ("hmp-brackford", PRIMARY_AREA, "Public Protection Unit"),
    "prison-omu": ("hmp-brackford", PRIMARY_AREA, "Offender Management Unit"),
    "childrens": ("northshire-childrens", PRIMARY_AREA, "Children's Safeguarding Team"),
    "adult-care": ("northshire-adult-care", PRIMARY_AREA, "Adult Safeguarding Team"),
    "housing": ("hallam-cross-housing", PRIMARY_AREA, "Housing Options (MAPPA)"),
    "health": ("northshire-health", PRIMARY_AREA, "Criminal Justice Mental Health Team"),
    "youth-justice": ("northshire-youth-justice", PRIMARY_AREA, "Youth Justice Team"),
    "jobcentre": ("jobcentre-plus", PRIMARY_AREA, "Hallam Cross Jobcentre"),
    "monitoring": ("sentinel-monitoring", PRIMARY_AREA, "Northshire Field Team"),
    "victim-care": ("northshire-victim-care", PRIMARY_AREA, "Victim Liaison Team"),
}


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: str
    team: str
    job_title: str
    sees: str
    is_staff: bool = False


EMERGENCY_PNC = "99/0417762H"

USERS = [
    DemoUser("ppo.police", "Dawn", "Hollis", Role.PRACTITIONER, "police-ppu",
             "Detective Constable, public protection officer",
             "Police PPU records and cases she partners on, with victim details and police intelligence"),
    DemoUser("om.probation", "Bethan", "Marsh", Role.PRACTITIONER, "probation-hallam",
             "Probation officer (offender manager)",
             "Her probation caseload and partner cases, with victim details; not police intelligence"),
    DemoUser("ppu.prison", "Gary", "Whitlock", Role.PRACTITIONER, "prison-ppu",
             "Public protection unit officer",
             "Prison-held cases and the cases he partners on"),
    DemoUser("cs.worker", "Aisha", "Rahman", Role.PRACTITIONER, "childrens",
             "Social worker, children's safeguarding (duty to co-operate)",
             "Only the cases she is a partner on"),
    DemoUser("sup.probation", "Neil", "Ashdown", Role.SUPERVISOR, "probation-hallam",
             "Senior probation officer",
             "Every Hallam Cross probation office record; allocates them"),
    DemoUser("sup.police", "Rob", "Kershaw", Role.SUPERVISOR, "police-ppu",
             "Detective Sergeant, public protection unit",
             "Every police PPU record, including the unallocated one; allocates them"),
    DemoUser("coordinator", "Helen", "Okoro", Role.COORDINATOR, "mappa-unit",
             "MAPPA co-ordinator",
             "Every record in Northshire (read only unless a partner); nothing in Southmoor"),
    DemoUser("admin", "Tom", "Fairley", Role.ADMIN, "mappa-unit",
             "System administrator",
             "Administration only: no case records", is_staff=True),
    DemoUser("housing.readonly", "Mark", "Ellery", Role.PARTNER_READONLY, "housing",
             "Housing options officer, MAPPA lead",
             "Read only: cases he partners on, without victim, intelligence or health items"),
    DemoUser("officer.emergency", "Liam", "Pryce", Role.EMERGENCY, "police-eastmere",
             "Police constable, response",
             f"Nothing until emergency access: exact identifier (try PNC {EMERGENCY_PNC}) and a reason"),
    DemoUser("om.otherarea", "Claire", "Benning", Role.PRACTITIONER, "probation-southmoor",
             "Probation officer, Southmoor",
             "Southmoor records only: nothing in Northshire"),
    # Partners from the other agencies, so that each case has its real multi-agency shape.
    DemoUser("ppo.otherarea", "Imran", "Sadiq", Role.PRACTITIONER, "southmoor-ppu",
             "Police public protection officer, Southmoor",
             "Southmoor police PPU records and the case he partners on"),
    DemoUser("mh.nurse", "Joanne", "Kelsall", Role.PRACTITIONER, "health",
             "Criminal justice mental health nurse",
             "Cases she partners on, including health information"),
    DemoUser("victim.care", "Sunita", "Varma", Role.PRACTITIONER, "victim-care",
             "Victim liaison worker",
             "Cases she partners on, including victim details"),
    DemoUser("asc.worker", "Peter", "Lowe", Role.PRACTITIONER, "adult-care",
             "Social worker, adult safeguarding",
             "The case he partners on"),
    DemoUser("yot.worker", "Femi", "Adeyemi", Role.PRACTITIONER, "youth-justice",
             "Youth justice officer",
             "Youth justice team records and partner cases"),
    DemoUser("em.monitoring", "Karen", "Doyle", Role.PARTNER_READONLY, "monitoring",
             "Field monitoring officer (electronic monitoring)",
             "Read only: the case whose curfew she monitors"),
]


# --- What a case is made of -------------------------------------------------------------------

@dataclass(frozen=True)
class Ref:
    """Another item of the same case (an address an occupant lives at)."""

    key: str


@dataclass(frozen=True)
class Nom:
    """Another demo nominal, by case key."""

    key: str


@dataclass(frozen=True)
class Item:
    by: str
    kind: str
    data: dict
    key: str = ""


@dataclass
class Case:
    key: str
    source: str
    person: dict
    created_by: str
    manager: str | None
    allocated_by: str | None = None
    partners: list = field(default_factory=list)
    items: list = field(default_factory=list)


# Addresses several stories share.
HMP_BRACKFORD = dict(line1="HMP & YOI Brackford", line2="Gaol Lane", town="Brackford", county="Northshire",
                     postcode="NX4 1HP")
NORTHSHIRE_AP = dict(line1="Northshire Approved Premises", line2="2 Station Road", town="Hallam Cross",
                     county="Northshire", postcode="NX2 8AA")
SOUTHMOOR_AP = dict(line1="Southmoor Approved Premises", line2="14 Chapel Row", town="Coldharbour",
                    county="Southmoor", postcode="SX3 2LN")


def _clean(data: dict) -> dict:
    return {k: v for k, v in data.items() if v not in (None, "")}


def alias(by, first, last, kind=Alias.Kind.ALIAS, notes="", used_from=None, used_to=None):
    return Item(by, "aliases", _clean(dict(kind=kind, first_name=first, last_name=last, notes=notes,
                                           used_from=used_from, used_to=used_to)))


def ident(by, kind, value):
    return Item(by, "identifiers", dict(kind=kind, value=value))


def address(by, key, status, kind, place: dict, moved_in=None, moved_out=None, notes="", handling=""):
    return Item(by, "addresses", _clean(dict(status=status, kind=kind, moved_in=moved_in, moved_out=moved_out,
                                             notes=notes, handling=handling, **place)), key=key)


def occupant(by, address_key, name, relationship, dob=None, under_18=False, handling=""):
    return Item(by, "occupants", _clean(dict(address=Ref(address_key), name=name, relationship=relationship,
                                             date_of_birth=dob, under_18=under_18 or None, handling=handling)))


def vehicle(by, registration, make, model, colour, used_from=None, used_to=None, notes=""):
    return Item(by, "vehicles", _clean(dict(registration=registration, make=make, model=model, colour=colour,
                                            used_from=used_from, used_to=used_to, notes=notes)))


def contact(by, kind, value, platform="", notes="", used_from=None, used_to=None, handling=""):
    return Item(by, "contacts", _clean(dict(kind=kind, value=value, platform=platform, notes=notes,
                                            used_from=used_from, used_to=used_to, handling=handling)))


def rel(by, kind, name="", nominal=None, description="", started=None, ended=None, notes="", handling=""):
    return Item(by, "relationships", _clean(dict(kind=kind, other_name=name, other_nominal=nominal,
                                                 description=description, started=started, ended=ended,
                                                 notes=notes, handling=handling)))


def person(first, last, born, gender=Gender.MALE, middle="", ethnicity="", diversity="", language="English",
           interpreter=False):
    return _clean(dict(first_name=first, middle_names=middle, last_name=last, date_of_birth=born, gender=gender,
                       ethnicity=ethnicity, diversity_needs=diversity, language=language,
                       interpreter_needed=interpreter or None))


A = Address
CUR, PREV, PROP = A.Status.CURRENT, A.Status.PREVIOUS, A.Status.PROPOSED
VICTIM, INTEL, HEALTH = Handling.VICTIM, Handling.INTELLIGENCE, Handling.HEALTH
K = Activity.Kind
R = Relationship.Kind


def case_studies(today: datetime.date | None = None) -> list[Case]:
    """The demo nominals, oldest story first. Dates count back from `today`."""
    today = today or timezone.localdate()

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    def mo(months: float) -> datetime.date:
        return ago(round(months * 30.4))

    def born(years: int, extra_days: int = 0) -> datetime.date:
        try:
            day = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            day = today.replace(year=today.year - years, day=28)
        return day - datetime.timedelta(days=extra_days)

    def log(by, day, kind, summary, details="", handling="", hour=10, minute=0):
        when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
        return Item(by, "activities", _clean(dict(kind=kind, occurred_at=when, summary=summary, details=details,
                                                  handling=handling)))

    cases = []

    # (a) Seed 002 (Essex MAPPA annual report 2008-09), "Pushes the boundaries, then caught out by
    # mobile" (lines 180-246): three indecent assaults, 7 years then a 3-year extended licence;
    # non-contact and exclusion zones; approved premises out of county; travel request refused;
    # vehicle details shared; police phone checks found a hidden relationship; recall; Parole Board
    # re-release; home to his family after the risk-to-children assessment; level 1.
    # The seed says only "a young woman"; as briefed, the demo gives her two young children.
    o, p, c, v = "om.probation", "ppo.police", "cs.worker", "victim.care"
    cases.append(Case(
        key="hartnell", source="seed 002, lines 180-246 ('Pushes the boundaries, then caught out by mobile')",
        person=person("Lee", "Hartnell", datetime.date(1981, 3, 14), middle="Anthony", ethnicity="White British"),
        created_by="sup.probation", allocated_by="sup.probation", manager=o,
        partners=[(p, "Police public protection officer: registration, monitoring visits and route checks"),
                  (c, "Children's services: assessment of risk to his own children before any return home"),
                  (v, "Victim liaison for the two victims who opted in to contact")],
        items=[
            ident(p, IdentifierKind.PNC, EMERGENCY_PNC),
            ident(o, IdentifierKind.CRN, "D482916"),
            ident(o, IdentifierKind.PRISON, "A7315DH"),
            ident(p, IdentifierKind.NATIONAL, "NR/14/008731"),
            alias(p, "Lee", "Hartnel", Alias.Kind.SPELLING, notes="Spelling on an old custody record"),
            alias(p, "", "Harty", Alias.Kind.NICKNAME, notes="Used by friends and at work"),
            address(o, "custody", PREV, A.Kind.CUSTODY, HMP_BRACKFORD, moved_in=mo(86.5), moved_out=mo(30),
                    notes="Seven years' imprisonment, then a three-year extended licence."),
            address(o, "ap1", PREV, A.Kind.APPROVED_PREMISES, SOUTHMOOR_AP, moved_in=mo(30), moved_out=mo(25),
                    notes="Out of county: the Northshire approved premises is too close to an exclusion zone."),
            address(o, "ap2", PREV, A.Kind.APPROVED_PREMISES, SOUTHMOOR_AP, moved_in=mo(22), moved_out=mo(14),
                    notes="Returned here after the Parole Board re-released him."),
            address(o, "recall", PREV, A.Kind.CUSTODY, HMP_BRACKFORD, moved_in=mo(25), moved_out=mo(22),
                    notes="Recalled for failing to disclose a developing relationship."),
            address(o, "home", CUR, A.Kind.HOME,
                    dict(line1="27 Larch Close", town="Hallam Cross", county="Northshire", postcode="NX2 5QT"),
                    moved_in=mo(14),
                    notes="Family home. Agreed after the children's services assessment: never left alone "
                          "with the children."),
            occupant(o, "home", "Michelle Hartnell", "Wife", dob=datetime.date(1983, 10, 2)),
            occupant(o, "home", "Kayden Hartnell", "Son", dob=born(9, 40)),
            occupant(o, "home", "Ruby Hartnell", "Daughter", dob=born(6, 200)),
            vehicle(o, "KX63 LWP", "Vauxhall", "Astra", "Silver", used_from=mo(27),
                    notes="Notified to his supervising officer as the licence requires; details shared with "
                          "police for route checks."),
            contact(p, Contact.Kind.PHONE, "07700 900417", notes="His mobile. Call records checked by police.",
                    used_from=mo(30)),
            contact(o, Contact.Kind.EMAIL, "l.hartnell@example.com", used_from=mo(20)),
            rel(o, R.FAMILY, "Michelle Hartnell", description="Wife (divorced, reconciled while he was in prison)",
                notes="Knows the full offending history; part of the safety plan for the children."),
            rel(p, R.PARTNER, "Stacey Rowe", description="Undisclosed relationship; mother of two young children",
                started=mo(27), ended=mo(26),
                notes="Found through police checks on his phone. He had told her his conviction was for "
                      "robbery. Police made a full disclosure and she ended contact."),
            rel(o, R.VICTIM, "Victim 1 (indecent assault, Eastmere)", description="Index offence",
                notes="Opted in to victim contact. Non-contact condition and exclusion zone around her home "
                      "and workplace.", handling=VICTIM),
            rel(o, R.VICTIM, "Victim 2 (indecent assault, Brackford)", description="Index offence",
                notes="Opted in to victim contact. Covered by the exclusion zones.", handling=VICTIM),
            rel(o, R.VICTIM, "Victim 3 (indecent assault, Hallam Cross)", description="Index offence",
                notes="Declined victim contact.", handling=VICTIM),
            log(o, mo(36), K.MEETING, "MAPPA level 2 meeting: release planning, six months before release",
                "Agreed: non-contact condition for the victims and exclusion zones. Earlier offence of "
                "exposure to a 15-year-old girl means he will not return to his wife and young children until "
                "a risk-to-children assessment is complete. The Northshire approved premises is too close to "
                "a proposed exclusion zone, so a place is being found in Southmoor."),
            log(v, mo(35), K.INFORMATION, "Victim contact: two victims opted in",
                "Victims 1 and 2 want to be told the release date, the exclusion zones and the non-contact "
                "condition. Victim 3 declined contact.", handling=VICTIM),
            log(o, mo(31), K.MEETING, "MAPPA level 2: risk management plan and licence conditions agreed",
                "Additional conditions: reside as directed; no unsupervised contact with children; tell "
                "probation of any developing relationship; notify any vehicle used; attend the sex offender "
                "programme; keep out of the exclusion zones (maps attached to the licence)."),
            log(o, mo(30), K.CONTACT, "Released on extended licence to Southmoor approved premises",
                "Reported as instructed. Licence conditions explained again and signed."),
            log(p, mo(30) + datetime.timedelta(days=3), K.HOME_VISIT, "Police monitoring visit at approved premises",
                "Registration requirements explained. Room checked. Compliant."),
            log(o, mo(28), K.OFFICE_VISIT, "Asked to travel through the exclusion zones to shorten his journey",
                "Complains of the detours needed to report in Hallam Cross. Told the request would go to MAPPA."),
            log(o, mo(28) + datetime.timedelta(days=9), K.MEETING, "Travel request refused after MAPPA discussion",
                "Victim liaison officer gave the victims' view. Request refused. Reminded him that any vehicle "
                "he uses must be notified to his supervising officer, or he may be recalled."),
            log(o, mo(27), K.INFORMATION, "Vehicle notified; details shared with police for route checks"),
            log(p, mo(26), K.INTELLIGENCE, "Phone checks: repeated calls to one number, traced to a woman",
                "Number belongs to a woman with two young children. She believes his conviction was for "
                "robbery and that he lives at the approved premises only because he is homeless. The "
                "relationship has not been disclosed to probation.", handling=INTEL),
            log(p, mo(26) + datetime.timedelta(days=2), K.HOME_VISIT, "Police disclosure to the woman",
                "Full disclosure of his offences made at her home. She said she would stop seeing him. "
                "Children's services told about her children."),
            log(c, mo(26) + datetime.timedelta(days=4), K.INFORMATION,
                "Children's services checks on the woman's children",
                "Mother acted protectively once told; no further action for her children."),
            log(o, mo(26) + datetime.timedelta(days=5), K.OFFICE_VISIT, "Challenged about the undisclosed relationship",
                "Described her as 'a passing acquaintance'. Not accepted: failure to disclose a developing "
                "relationship breaches his licence."),
            log(o, mo(25), K.NOTE, "Recalled to prison", "Licence revoked for failing to disclose a developing "
                "relationship. Returned to custody the same day."),
            log(o, mo(22), K.INFORMATION, "Parole Board directs re-release",
                "Released to the same approved premises. MAPPA agreed: better to have licence controls now "
                "than release later with none."),
            log(c, mo(16), K.INFORMATION, "Risk-to-children assessment complete",
                "Return to the family home supported with safeguards: he is not to be left alone with the "
                "children. Mother understands and agrees the safety plan."),
            log(o, mo(14), K.HOME_VISIT, "Moved back to the family home: first home visit",
                "Seen with his wife. Safety plan reviewed; both understand it."),
            log(p, mo(9), K.HOME_VISIT, "Unannounced joint police and probation visit", "No concerns."),
            log(o, mo(6), K.MEETING, "MAPPA review: now managed at level 1",
                "Risk reduced. Will return to level 2 if risk rises or other concerns emerge. Licence "
                "conditions continue; registration and police monitoring are for life."),
            log(o, mo(2), K.OFFICE_VISIT, "Sex offender treatment programme: progress report",
                "Attending and making progress. Supervision continues."),
        ],
    ))

    # (b) Seed 001 (Essex probation: "Probation's collaboration with other agencies", the case of
    # Mr D, lines 11-37), retold in seed 002, lines 469-514: a possessive, controlling man holds a
    # knife to his former partner's throat; remand, 2 years; MAPPA plans exclusion zone, alarm,
    # approved premises, mental health assessment, police monitoring visits by licence condition;
    # warehouse job, own flat; discloses a new relationship with a woman in her forties.
    o, p, m, h, v = "om.probation", "ppo.police", "mh.nurse", "housing.readonly", "victim.care"
    cases.append(Case(
        key="dunmore", source="seed 001, lines 11-37 (the case of Mr D); seed 002, lines 469-514",
        person=person("Kevin", "Dunmore", datetime.date(1966, 8, 9), ethnicity="White British"),
        created_by="sup.probation", allocated_by="sup.probation", manager=o,
        partners=[(p, "Police monitoring visits (licence condition) and domestic abuse checks"),
                  (m, "Criminal Justice Mental Health Team: assessment in prison, treatment on release"),
                  (h, "Local authority housing: move-on from approved premises"),
                  (v, "Victim contact: continues to visit the victim")],
        items=[
            ident(p, IdentifierKind.PNC, "84/0093521T"),
            ident(o, IdentifierKind.CRN, "D305517"),
            ident(o, IdentifierKind.PRISON, "A2290KD"),
            alias(o, "Kevin", "Dunmoore", Alias.Kind.SPELLING, notes="Spelling on the prison record"),
            address(o, "flat", PREV, A.Kind.HOME,
                    dict(line1="Flat 3", line2="41 Quarry Road", town="Eastmere", county="Northshire",
                         postcode="NX7 3DB"),
                    moved_in=mo(40), moved_out=mo(23), notes="His own flat after the relationship ended."),
            address(o, "custody", PREV, A.Kind.CUSTODY, HMP_BRACKFORD, moved_in=mo(23), moved_out=mo(13.4),
                    notes="Five months on remand, then two years' imprisonment (remand time counted)."),
            address(o, "ap", PREV, A.Kind.APPROVED_PREMISES, NORTHSHIRE_AP, moved_in=mo(13.4), moved_out=mo(7),
                    notes="Curfew 21:00-07:00, relaxed step by step before move-on."),
            address(o, "now", CUR, A.Kind.HOME,
                    dict(line1="Flat 12, Harbour View", line2="Quay Street", town="Saltmarsh Bay",
                         county="Northshire", postcode="NX9 4TR"),
                    moved_in=mo(7), notes="Private rented flat, checked by police before he moved in."),
            address(o, "work", CUR, A.Kind.WORK,
                    dict(line1="Eastmere Distribution Ltd", line2="Unit 4, Fenside Industrial Estate",
                         town="Eastmere", county="Northshire", postcode="NX7 6GH"),
                    moved_in=mo(8), notes="Warehouse operative, day shifts."),
            vehicle(o, "LR08 KVD", "Ford", "Focus", "Blue", used_to=mo(23),
                    notes="The car used in the index offence. Sold while he was in custody."),
            vehicle(o, "KV66 TPD", "Citroen", "Berlingo", "White", used_from=mo(6),
                    notes="Notified as the licence requires; shared with police."),
            contact(o, Contact.Kind.PHONE, "07700 900318", used_from=mo(11)),
            rel(o, R.VICTIM, "Tracy Holden", description="Former partner; victim of the index offence",
                ended=mo(26),
                notes="Non-contact condition and exclusion zone around her home. Police alarm installed. "
                      "Victim contact team still visits.", handling=VICTIM),
            rel(o, R.FAMILY, "Emma Dunmore", description="Daughter",
                notes="Lives inside the exclusion zone, so her home was refused as his release address."),
            rel(o, R.EMPLOYER, "Eastmere Distribution Ltd", description="Warehouse job found with probation's help",
                started=mo(8), notes="Employer knows of his conviction."),
            rel(o, R.PARTNER, "Sandra Quayle", description="New partner, in her forties", started=mo(3),
                notes="Relationship disclosed by him. Disclosure repeated to her in front of probation staff."),
            log(p, mo(30), K.INFORMATION, "Police history: two violent incidents with his then partner",
                "She would not support a prosecution on either occasion. He is possessive and controlling and "
                "unhappy about her having contact with anyone else.", handling=VICTIM),
            log(m, mo(24), K.INFORMATION, "Hospital admission after an overdose (not the first)",
                "Two weeks on a ward. Depression; follow-up offered.", handling=HEALTH),
            log(p, mo(23), K.INFORMATION, "Arrested: knife attack on his former partner",
                "After an evening out he offered her a lift, drove to a secluded wood, held a knife to her "
                "throat, cut her hair and clothing and burned her with a cigarette. He then expressed remorse "
                "and drove her home. Remanded in custody.", handling=VICTIM),
            log(o, mo(15), K.MEETING, "MAPPA level 2: release planning",
                "Attended by offender manager, victim contact officer, approved premises manager, police "
                "domestic abuse and public protection officers, criminal justice mental health, local authority "
                "housing, children's services and the MAPPA co-ordinator. Decisions: non-contact condition and "
                "exclusion zone; police to fit an alarm at the victim's home; release to approved premises, "
                "not to his daughter's (inside the zone); mental health assessment in prison; licence condition "
                "to comply with police monitoring visits, as he will not be a registered sex offender; tell "
                "probation of any relationship and any vehicle."),
            log(v, mo(15) + datetime.timedelta(days=6), K.HOME_VISIT, "Victim contact visit",
                "She is recovering. Wants the exclusion zone to cover her home and her route to work.",
                handling=VICTIM),
            log(m, mo(14), K.INFORMATION, "Mental health assessment in prison",
                "Moderate depression, history of overdoses. Treatment plan for release agreed with the "
                "community mental health team.", handling=HEALTH),
            log(p, mo(14) + datetime.timedelta(days=10), K.NOTE, "Police alarm installed at the victim's home",
                handling=VICTIM),
            log(o, mo(13.4), K.CONTACT, "Released on licence to Northshire approved premises",
                "Released at 40 per cent of the term; on licence to the end of his sentence, about fourteen months. "
                "Curfew 21:00-07:00. Conditions explained and signed."),
            log(p, mo(10), K.HOME_VISIT, "Police monitoring visit at approved premises (licence condition)",
                "Compliant. No attempt to contact the victim."),
            log(o, mo(9), K.MEETING, "MAPPA review: progress; curfew relaxed",
                "Reports on treatment for depression and on victim empathy work. No attempt to contact her. "
                "Curfew relaxed to prepare for move-on."),
            log(o, mo(8), K.INFORMATION, "Started a warehouse job", "Employer told of his conviction."),
            log(o, mo(7), K.HOME_VISIT, "Moved into a rented flat: home visit", "Flat suitable. No concerns."),
            log(p, mo(6), K.HOME_VISIT, "Unannounced police monitoring visit", "No concerns."),
            log(o, mo(3), K.OFFICE_VISIT, "Disclosed a new relationship",
                "Woman in her forties; says she knows of his offending. Asked to repeat his disclosure to her "
                "in front of probation staff."),
            log(o, mo(3) + datetime.timedelta(days=7), K.MEETING, "Disclosure repeated to his new partner",
                "Done at the probation office. She confirmed she had been told the full offence."),
            log(p, mo(2), K.HOME_VISIT, "Police domestic abuse officers visited the new partner alone",
                "Checked her safety. No concerns raised; she has the officers' contact details.",
                handling=VICTIM),
            log(m, mo(1), K.INFORMATION, "Community mental health review",
                "Mood stable on current treatment. Support continues after the licence ends.", handling=HEALTH),
            log(v, ago(20), K.HOME_VISIT, "Victim contact visit",
                "No contact from him. Alarm still fitted and tested.", handling=VICTIM),
        ],
    ))

    # (c) Seed 002, "Prisons have an important role" (lines 518-552): a remand prisoner accused of
    # sexual offences against his granddaughter and grandson told a wing officer one story and
    # other staff the opposite; faced with both, he changed his plea. Lines 534-548 (the
    # Inter-Departmental Risk Management Team; "quiet plans to set up in a flat with another
    # like-minded sexual offender") give the intelligence and the link to Raymond Stott.
    pp, o, p, c, v = "ppu.prison", "om.probation", "ppo.police", "cs.worker", "victim.care"
    tolley_items = [
        ident(pp, IdentifierKind.PRISON, "A9904CT"),
        ident(p, IdentifierKind.PNC, "71/0112093R"),
        ident(p, IdentifierKind.NATIONAL, "NR/25/011250"),
        address(pp, "home", PREV, A.Kind.HOME,
                dict(line1="8 Orchard Way", town="Wenlow", county="Northshire", postcode="NX5 2EJ"),
                moved_in=datetime.date(1989, 6, 1), moved_out=mo(9),
                notes="Family home. The grandchildren stayed here at weekends."),
        occupant(pp, "home", "Margaret Tolley", "Wife", dob=datetime.date(1957, 1, 23)),
        address(pp, "custody", CUR, A.Kind.CUSTODY, HMP_BRACKFORD, moved_in=mo(9),
                notes="Remanded awaiting Crown Court trial; sentenced prisoner since his guilty plea."),
        rel(pp, R.FAMILY, "Margaret Tolley", description="Wife", notes="Visits fortnightly."),
        rel(pp, R.VICTIM, "Granddaughter (aged 9 at the time)", description="Granddaughter",
            notes="Named on the indictment. Contact prohibited.", handling=VICTIM),
        rel(pp, R.VICTIM, "Grandson (aged 7 at the time)", description="Grandson",
            notes="Named on the indictment. Contact prohibited.", handling=VICTIM),
        log(pp, mo(9), K.INFORMATION, "Received on remand",
            "Charged with sexual offences against his granddaughter and grandson. Awaiting a lengthy trial."),
        log(pp, mo(9) + datetime.timedelta(days=5), K.MEETING, "Inter-Departmental Risk Management Team",
            "Risk to children flagged. Phone calls and post to be monitored. No contact with the children."),
        log(pp, mo(8), K.INTELLIGENCE, "Wing officer: his account of the charges",
            "Asked what he was in for, he named the charges, denied touching the girl but admitted touching "
            "the boy.", handling=INTEL),
        log(pp, mo(8) + datetime.timedelta(days=3), K.INTELLIGENCE, "Other staff report the opposite account",
            "To other officers he claimed the girl was the only victim. Both accounts passed to the police "
            "liaison officer.", handling=INTEL),
        log(p, mo(7), K.INFORMATION, "Both accounts passed to the investigating officers", handling=INTEL),
        log(pp, mo(6), K.INTELLIGENCE, "Overheard planning to share a flat with another sexual offender",
            "Talking quietly with Raymond Stott on the wing about setting up in a flat together on release. "
            "Passed to the police and to both offender managers.", handling=INTEL),
        log(p, mo(5), K.INFORMATION, "Changed his plea to guilty",
            "Presented with his two versions of events, he withdrew his not guilty plea. Crown Court trial "
            "vacated: the children will not have to give evidence."),
        log(c, mo(5) + datetime.timedelta(days=4), K.INFORMATION, "Children's services: the grandchildren",
            "Both children supported through the case; family safety plan in place. Parents told of the plea.",
            handling=VICTIM),
        log(o, mo(4), K.INFORMATION, "Sentenced: long custodial sentence",
            "Lifetime notification requirements (MAPPA category 1). Sentence planning to start."),
        log(pp, mo(2), K.MEETING, "Inter-Departmental Risk Management Team: sentence planning",
            "No contact with children. Phone and mail monitoring continues. Referral for a sex offender "
            "treatment assessment."),
    ]
    cases.append(Case(
        key="tolley", source="seed 002, lines 518-552 ('Prisons have an important role': the remand prisoner)",
        person=person("Dennis", "Tolley", datetime.date(1954, 11, 2), middle="Arthur", ethnicity="White British"),
        created_by=pp, manager=pp,
        partners=[(p, "Prison police liaison: link with the investigating officers"),
                  (o, "Probation offender manager: pre-sentence report and sentence planning"),
                  (c, "Children's services: the grandchildren's safety"),
                  (v, "Victim liaison: the grandchildren, through their mother")],
        items=tolley_items,
    ))

    # Seed 002, "An offender's risk is increasing" (lines 359-403), and seed 000 (the acting police
    # inspector's letter about the offender manager "B"): gross indecency with children, recalled;
    # re-released after seven of eight years with a very short licence, straight to MAPPA level 3
    # with police surveillance, hourly reporting and park exclusions; seen hiding in bushes near a
    # park and recalled; the police will seek a lifelong prevention order (the seed's SOPO, now a
    # Sexual Harm Prevention Order). Police and probation met outside MAPPA about transport and
    # curfews (seed 000, line 27).
    p, o, pp, co = "ppo.police", "om.probation", "ppu.prison", "coordinator"
    cases.append(Case(
        key="stott", source="seed 002, lines 359-403 ('An offender's risk is increasing'); seed 000, lines 9-27",
        person=person("Raymond", "Stott", datetime.date(1960, 6, 21), ethnicity="White British",
                      diversity="Very institutionalised after long custody: wants rules set out in detail."),
        created_by="sup.police", allocated_by="sup.police", manager=p,
        partners=[(o, "Offender manager until the licence ended"),
                  (pp, "Prison public protection unit: custody and release planning"),
                  (co, "MAPPA co-ordinator: level 3 case")],
        items=[
            ident(p, IdentifierKind.PNC, "78/0234561M"),
            ident(o, IdentifierKind.CRN, "D117204"),
            ident(pp, IdentifierKind.PRISON, "A3341EV"),
            ident(p, IdentifierKind.NATIONAL, "NR/09/002215"),
            alias(p, "Ray", "Stott", Alias.Kind.NICKNAME),
            address(o, "ap", PREV, A.Kind.APPROVED_PREMISES, NORTHSHIRE_AP, moved_in=mo(18), moved_out=mo(13),
                    notes="Reporting to staff every hour (licence condition)."),
            address(pp, "custody", CUR, A.Kind.CUSTODY, HMP_BRACKFORD, moved_in=mo(13),
                    notes="Recalled. Will be released at the end of his sentence, with no licence."),
            address(p, "proposed", PROP, A.Kind.HOME,
                    dict(line1="Flat 2", line2="5 Canal Street", town="Brackford", county="Northshire",
                         postcode="NX4 7JS"),
                    notes="Proposed address for release at sentence end. Police and housing checking distance "
                          "to schools, parks and play areas."),
            log(o, mo(34), K.NOTE, "First recall to prison",
                "No new offence, but pushing for greater freedoms and testing the boundaries of his licence: "
                "enough to show his risk was rising."),
            log(co, mo(19), K.MEETING, "MAPPA level 3 meeting before his second release",
                "Second release due after his first recall, with little licence left. Police surveillance "
                "authorised. Licence: approved premises with hourly reporting, sex offender programme, no "
                "unsupervised contact with children, exclusion from parks and leisure centres."),
            log(o, mo(18), K.CONTACT, "Released to Northshire approved premises",
                "Very institutionalised; wants every rule defined in detail."),
            log(p, mo(17), K.HOME_VISIT, "Joint police and probation visit", "Reminded of the routine he must keep."),
            log(p, mo(16), K.MEETING, "Police and probation met outside MAPPA: transport and curfews",
                "Agreed routes to the programme and curfew times. Frequent information sharing with the "
                "offender manager."),
            log(o, mo(15), K.OFFICE_VISIT, "Cognitive behavioural work on his offending",
                "We are convinced sexual offences are still very much on his mind. Work to help him manage "
                "his own risk."),
            log(p, mo(13), K.INTELLIGENCE, "Surveillance: seen hiding in bushes near a park",
                "Eastmere Park, near the children's play area. Recall requested from probation.",
                handling=INTEL),
            log(o, mo(13) + datetime.timedelta(days=1), K.NOTE, "Licence revoked: recalled immediately"),
            log(pp, mo(13) + datetime.timedelta(days=1), K.INFORMATION, "Received back into custody"),
            log(co, mo(6), K.MEETING, "MAPPA level 3 review: release at sentence end",
                "No licence on release. Police to apply for a Sexual Harm Prevention Order to keep him from "
                "unsupervised contact with children and from parks, schools and play areas."),
            log(p, mo(3), K.INFORMATION, "Application for a Sexual Harm Prevention Order lodged",
                "Hearing listed before his release date."),
            log(pp, mo(1), K.MEETING, "Release planning", "Proposed address under police and housing checks."),
        ],
    ))

    # Seed 002, "Mr N" (lines 405-465): probation's hunch about a man on a suspended sentence for
    # taking a motor vehicle; police confirm more than 10 domestic incidents with his partner
    # Denise, who would not support prosecutions; their 2-year-old in foster care; joint visit by a
    # police domestic violence officer and a women's safety worker; intelligence of a plan to
    # abscond with the child; he seriously assaults a fellow prisoner. The seed's IPP sentence was
    # abolished in 2012, so the demo uses an extended determinate sentence.
    pp, o, p, c, v = "ppu.prison", "om.probation", "ppo.police", "cs.worker", "victim.care"
    cases.append(Case(
        key="naylor", source="seed 002, lines 405-465 ('Mr N' and the update 'Denise had a lucky escape')",
        person=person("Wayne", "Naylor", datetime.date(1988, 1, 30), ethnicity="White British"),
        created_by=pp, manager=pp,
        partners=[(o, "Offender manager: supervision after release"),
                  (p, "Police domestic abuse unit"),
                  (c, "Children's services: the child is in foster care"),
                  (v, "Women's safety work with his partner")],
        items=[
            ident(pp, IdentifierKind.PRISON, "A6112FN"),
            ident(p, IdentifierKind.PNC, "05/0381276B"),
            ident(o, IdentifierKind.CRN, "D560381"),
            address(o, "home", PREV, A.Kind.HOME,
                    dict(line1="34 Fenwick Street", town="Brackford", county="Northshire", postcode="NX4 3RW"),
                    moved_in=mo(60), moved_out=mo(33),
                    notes="Shared with his partner, who still lives here. Do not disclose.", handling=VICTIM),
            occupant(o, "home", "Kirsty Lowther", "Partner", dob=datetime.date(1990, 5, 12), handling=VICTIM),
            occupant(o, "home", "Maisie Lowther", "Daughter (now in foster care)", dob=born(4, 30),
                     handling=VICTIM),
            address(pp, "custody", CUR, A.Kind.CUSTODY, HMP_BRACKFORD, moved_in=mo(33),
                    notes="Suspended sentence activated; now serving an extended sentence."),
            contact(o, Contact.Kind.PHONE, "07700 900562", used_to=mo(33), notes="Mobile before custody."),
            rel(o, R.VICTIM, "Kirsty Lowther", description="Partner; high-risk domestic abuse victim",
                started=mo(72),
                notes="More than 10 incidents known to police in two years; serious injuries. Has not "
                      "supported a prosecution. Refuge place can be arranged at short notice.",
                handling=VICTIM),
            rel(c, R.FAMILY, "Maisie Lowther", description="Daughter",
                notes="In foster care after a police child protection referral. Placement details are held "
                      "by children's services only."),
            rel(pp, R.VICTIM, "Fellow prisoner (name held by prison security)",
                description="Seriously assaulted on the wing a month before his release date", started=mo(24),
                handling=VICTIM),
            log(o, mo(40), K.OFFICE_VISIT, "First interview: suspended sentence for taking a motor vehicle",
                "Something about his attitude to women in general, and to his partner in particular. Called "
                "the police domestic abuse unit."),
            log(p, mo(40) + datetime.timedelta(days=1), K.INFORMATION, "Police: partner is a potentially high-risk victim",
                "A large number of previous domestic incidents known. He has a previous serious violent "
                "conviction, so the case can be referred to MAPPA.", handling=VICTIM),
            log(o, mo(39), K.MEETING, "Initial MAPPA level 2 meeting",
                "Police have attended more than 10 incidents in two years; he was arrested twice but she would "
                "not support a prosecution. Their 2-year-old has been placed in foster care. Plan: support her "
                "and strengthen any safety plan she has.", handling=VICTIM),
            log(c, mo(39) + datetime.timedelta(days=2), K.INFORMATION, "Child protection: daughter in foster care",
                "Placed after the police child protection referral. Contact supervised."),
            log(p, mo(38), K.HOME_VISIT, "Joint visit to his partner with the women's safety worker",
                "Refuge place secured beforehand. Told her we believe her life could be at risk. She agreed "
                "there had been many more unreported incidents but chose to stay.", handling=VICTIM),
            log(p, mo(34), K.INFORMATION, "Charged with assaulting an adult male",
                "Convicted; suspended sentence activated."),
            log(pp, mo(33), K.INFORMATION, "Received into custody"),
            log(o, mo(26), K.MEETING, "MAPPA release plan",
                "Approved premises away from his home area; curfews leaving no time to reach the home area "
                "and return."),
            log(p, mo(25), K.INTELLIGENCE, "Plan to abscond with the child on release",
                "He and his partner intend to meet on release and leave the area with the child.",
                handling=INTEL),
            log(c, mo(25) + datetime.timedelta(days=5), K.INFORMATION, "Children's services reviewing the placement",
                "Moving the child to different foster carers is being considered."),
            log(pp, mo(24), K.INFORMATION, "Seriously assaulted a fellow prisoner",
                "One month before his release date. Further remanded in custody."),
            log(o, mo(20), K.INFORMATION, "Sentenced to an extended determinate sentence",
                "Release only when the Parole Board is satisfied his risk has been reduced."),
            log(v, mo(6), K.CONTACT, "Women's safety worker: further offer of support",
                "She declined a safety plan again. Will keep trying before any release.", handling=VICTIM),
            log(pp, mo(2), K.MEETING, "Sentence planning: violence and domestic abuse programmes"),
        ],
    ))

    # Seed 003 (HMI Probation good practice examples 2009-2012), §1.2, line 98; catalogue E1.2-09
    # ("Graham", repeated at lines 658 and 753): an anonymous call says he will kill his ex-partner
    # on release; immediate MAPPA referral; approved premises with signing every two hours;
    # one-to-one domestic abuse work; move-on to a housing provider's flat.
    o, p, h, v = "om.probation", "ppo.police", "housing.readonly", "victim.care"
    cases.append(Case(
        key="emsley", source="seed 003, §1.2, line 98 (catalogue E1.2-09, 'Graham')",
        person=person("Carl", "Emsley", datetime.date(1979, 4, 17), ethnicity="White British"),
        created_by="sup.probation", allocated_by="sup.probation", manager=o,
        partners=[(p, "Police: threats to kill and victim safety"),
                  (h, "Housing provider: move-on accommodation"),
                  (v, "Victim liaison")],
        items=[
            ident(p, IdentifierKind.PNC, "96/0554120D"),
            ident(o, IdentifierKind.CRN, "D228745"),
            ident(o, IdentifierKind.PRISON, "A5078FL"),
            address(o, "custody", PREV, A.Kind.CUSTODY, HMP_BRACKFORD, moved_in=mo(40), moved_out=mo(10)),
            address(o, "ap", PREV, A.Kind.APPROVED_PREMISES, NORTHSHIRE_AP, moved_in=mo(10), moved_out=mo(3),
                    notes="Signing in every two hours (licence condition)."),
            address(o, "flat", CUR, A.Kind.HOME,
                    dict(line1="Flat 6, Weaver House", line2="18 Tanners Lane", town="Brackford",
                         county="Northshire", postcode="NX4 6BQ"),
                    moved_in=mo(3), notes="Housing provider tenancy with floating support."),
            contact(o, Contact.Kind.PHONE, "07700 900731", used_from=mo(10)),
            rel(o, R.VICTIM, "Lisa Carver", description="Former partner; victim of the index offence",
                notes="Threats to kill reported before his release. Non-contact condition and exclusion zone.",
                handling=VICTIM),
            log(p, mo(11), K.INTELLIGENCE, "Anonymous call: threatens to kill his ex-partner on release",
                "Caller would not give a name. Assessed as credible enough to act on.", handling=INTEL),
            log(o, mo(11) + datetime.timedelta(days=1), K.MEETING, "Immediate MAPPA referral: release plan revised",
                "Approved premises with signing every two hours; non-contact condition; exclusion zone around "
                "her home."),
            log(v, mo(11) + datetime.timedelta(days=3), K.CONTACT, "Victim told of the revised release plan",
                "Safety measures reviewed with police.", handling=VICTIM),
            log(o, mo(10), K.CONTACT, "Released to approved premises"),
            log(o, mo(8), K.OFFICE_VISIT, "One-to-one domestic abuse work",
                "Completed the thinking skills and core sex offender programmes in custody. Structured sessions "
                "on victims' issues, adapted to his learning style and emotional state."),
            log(o, mo(5), K.MEETING, "MAPPA review: risk reduced; move-on agreed"),
            log(o, mo(3), K.HOME_VISIT, "Moved to a housing provider flat: home visit", "Settled. No concerns."),
            log(p, mo(1), K.HOME_VISIT, "Police visit", "No concerns. No contact with the victim."),
        ],
    ))

    # Seed 003, §2.2, lines 379-381; catalogue E2.2-32 ("Martin"): community order for sexual
    # offences against a family member; encouraged to tell his new employer himself; later disclosed
    # older offences and went to the police, with his offender manager liaising with investigators.
    o, p = "om.probation", "ppo.police"
    cases.append(Case(
        key="greaves", source="seed 003, §2.2, lines 379-381 (catalogue E2.2-32, 'Martin')",
        person=person("Philip", "Greaves", datetime.date(1971, 9, 5), ethnicity="White British"),
        created_by="sup.probation", allocated_by="sup.probation", manager=o,
        partners=[(p, "Police: investigation of the offences he disclosed")],
        items=[
            ident(p, IdentifierKind.PNC, "89/0127733S"),
            ident(o, IdentifierKind.CRN, "D349028"),
            address(o, "home", CUR, A.Kind.HOME,
                    dict(line1="52 Beacon Road", town="Wenlow", county="Northshire", postcode="NX5 4HD"),
                    moved_in=datetime.date(2016, 4, 1), notes="Lives alone."),
            address(o, "work", CUR, A.Kind.WORK,
                    dict(line1="Hallam Cross Builders' Merchants", line2="Mill Yard", town="Hallam Cross",
                         county="Northshire", postcode="NX2 3JL"),
                    moved_in=mo(7)),
            vehicle(o, "PF17 WNR", "Ford", "Transit Connect", "Grey", used_from=mo(24)),
            contact(o, Contact.Kind.PHONE, "07700 900845"),
            rel(o, R.EMPLOYER, "Hallam Cross Builders' Merchants", description="Yard operative", started=mo(7),
                notes="He told the employer of his conviction himself before starting."),
            rel(o, R.VICTIM, "Niece (family member)", description="Victim of the index offences",
                notes="No contact. Family aware.", handling=VICTIM),
            log(o, mo(9), K.INFORMATION, "Community order made for sexual offences against a family member"),
            log(o, mo(8), K.OFFICE_VISIT, "About to start a job without telling the employer of his conviction",
                "Encouraged him to take the initiative and tell them himself."),
            log(o, mo(7), K.INFORMATION, "Told his employer; allowed to start",
                "Employer confirmed by phone that they had been told."),
            log(o, mo(4), K.OFFICE_VISIT, "Disclosed sexual offences committed years ago",
                "Discussed with him; he agreed to go to the police himself. Line manager consulted."),
            log(p, mo(4) + datetime.timedelta(days=2), K.INFORMATION, "Attended the police station voluntarily",
                "Investigation opened into the historic offences.", handling=INTEL),
            log(o, mo(3), K.MEETING, "Liaison with the investigating officers",
                "Information shared to help the investigation. MAPPA referral to be considered."),
            log(o, mo(1), K.OFFICE_VISIT, "Supervision appointment", "Engaging well; boundaries restated."),
        ],
    ))

    # Seed 003, §2.2, line 361; catalogue E2.2-27 ("John"): an elderly sex offender on licence has a
    # stroke and needs a nursing home; the offender manager and line manager decide what can be
    # disclosed so staff can protect visitors.
    o, a, m = "om.probation", "asc.worker", "mh.nurse"
    cases.append(Case(
        key="pinnock", source="seed 003, §2.2, line 361 (catalogue E2.2-27, 'John')",
        person=person("Harold", "Pinnock", datetime.date(1939, 2, 11), ethnicity="White British",
                      diversity="Limited mobility and slurred speech after a stroke."),
        created_by="sup.probation", allocated_by="sup.probation", manager=o,
        partners=[(a, "Adult social care: nursing home placement"),
                  (m, "NHS: hospital discharge and care reviews")],
        items=[
            ident(o, IdentifierKind.CRN, "D091336"),
            ident(o, IdentifierKind.PNC, "64/0021187P"),
            ident(o, IdentifierKind.NI, "QQ 12 34 56 C"),
            address(o, "custody", PREV, A.Kind.CUSTODY, HMP_BRACKFORD, moved_out=mo(14)),
            address(o, "bedsit", PREV, A.Kind.HOME,
                    dict(line1="Room 4", line2="11 Victoria Terrace", town="Hallam Cross", county="Northshire",
                         postcode="NX2 4RS"),
                    moved_in=mo(14), moved_out=mo(8)),
            address(m, "hospital", PREV, A.Kind.CUSTODY,
                    dict(line1="Northshire General Hospital", line2="Stroke Unit", town="Hallam Cross",
                         county="Northshire", postcode="NX2 9XY"),
                    moved_in=mo(8), moved_out=mo(6)),
            address(o, "nursing", CUR, A.Kind.HOME,
                    dict(line1="Beechwood Nursing Home", line2="3 Rectory Lane", town="Wenlow", county="Northshire",
                         postcode="NX5 8RU"),
                    moved_in=mo(6), notes="Manager has been told what she needs to know to protect visitors."),
            log(o, mo(14), K.CONTACT, "Released on licence"),
            log(m, mo(8), K.INFORMATION, "Admitted to hospital after a stroke",
                "Weak on the right side. Will need nursing care on discharge.", handling=HEALTH),
            log(o, mo(7), K.MEETING, "What may be disclosed to a nursing home",
                "Discussed with my line manager. Risk of harmful offences still high, though less likely given "
                "his infirmity. Decision: tell the home manager the nature of his offences and the risk to "
                "visiting children; nothing more. Reasons recorded."),
            log(a, mo(6) + datetime.timedelta(days=3), K.INFORMATION, "Nursing home placement arranged"),
            log(o, mo(6), K.MEETING, "Managed disclosure to the nursing home manager",
                "Visiting arrangements agreed: children are to be supervised at all times; staff will report "
                "any concerns to the offender manager."),
            log(o, mo(3), K.HOME_VISIT, "Visit at the nursing home", "Staff report no concerns."),
            log(m, mo(2), K.INFORMATION, "Care review", "Condition stable.", handling=HEALTH),
        ],
    ))

    # Seed 003, §2.2, line 373; catalogue E2.2-30 ("Richard"): a young man on licence for sexual
    # offences against children, in care since the age of two, living at approved premises with an
    # electronically monitored curfew and extra night staff; basic skills; voluntary contact after
    # the licence.
    o, em, p = "om.probation", "em.monitoring", "ppo.police"
    cases.append(Case(
        key="colley", source="seed 003, §2.2, line 373 (catalogue E2.2-30, 'Richard')",
        person=person("Ryan", "Colley", born(22, 75), ethnicity="White British",
                      diversity="Low level of functioning; in care from the age of two. Needs short, simple "
                                "instructions in writing."),
        created_by="sup.probation", allocated_by="sup.probation", manager=o,
        partners=[(em, "Electronic monitoring of the curfew"),
                  (p, "Police: registration and monitoring visits")],
        items=[
            ident(p, IdentifierKind.PNC, "19/0664302F"),
            ident(o, IdentifierKind.CRN, "D771902"),
            ident(o, IdentifierKind.PRISON, "A8850DM"),
            address(o, "custody", PREV, A.Kind.CUSTODY, HMP_BRACKFORD, moved_in=mo(30), moved_out=mo(4)),
            address(o, "ap", CUR, A.Kind.APPROVED_PREMISES, NORTHSHIRE_AP, moved_in=mo(4),
                    notes="Curfew 19:00-07:00, electronically monitored. Extra night staff funded."),
            contact(o, Contact.Kind.PHONE, "07700 900256", notes="Basic phone, no internet (licence condition)."),
            log(o, mo(5), K.MEETING, "MAPPA level 2: release plan",
                "Residence at approved premises; electronically monitored curfew 19:00-07:00; funding agreed "
                "for extra night staff; consistent approach agreed by everyone working with him."),
            log(o, mo(4), K.CONTACT, "Released to approved premises; tag fitted by the monitoring provider"),
            log(o, mo(3), K.OFFICE_VISIT, "Basic skills: personal hygiene and budgeting",
                "Plan agreed with his approved premises key worker."),
            log(o, mo(2), K.INFORMATION, "Monitoring provider report: two late returns",
                "Both under 10 minutes. Warning given; curfew explained again."),
            log(p, mo(1), K.HOME_VISIT, "Police monitoring visit at approved premises", "No concerns."),
            log(o, ago(12), K.MEETING, "MAPPA review",
                "Progress. Voluntary contact offered after the licence ends, to help him move on to housing."),
        ],
    ))

    # Seed 003, §1.2, line 84; catalogue E1.2-06 ("Chico"): 18, short licence for robbery; gang
    # activity shared with the police liaison officer; arrested for harassment; risk raised;
    # referred to a project helping young men leave gangs.
    o, p = "om.probation", "ppo.police"
    cases.append(Case(
        key="asante", source="seed 003, §1.2, line 84 (catalogue E1.2-06, 'Chico')",
        person=person("Jordan", "Asante", born(18, 130), ethnicity="Black British"),
        created_by="sup.probation", allocated_by="sup.probation", manager=o,
        partners=[(p, "Police liaison officer: gang intelligence")],
        items=[
            ident(p, IdentifierKind.PNC, "23/0198455W"),
            ident(o, IdentifierKind.CRN, "D903317"),
            alias(p, "", "JD", Alias.Kind.NICKNAME, notes="Street name"),
            address(o, "home", CUR, A.Kind.HOME,
                    dict(line1="9 Kestrel Walk", town="Brackford", county="Northshire", postcode="NX4 5TA"),
                    moved_in=mo(5), notes="Lives with his mother."),
            occupant(o, "home", "Grace Asante", "Mother", dob=datetime.date(1984, 2, 19)),
            occupant(o, "home", "Kwame Asante", "Brother", under_18=True),
            contact(o, Contact.Kind.PHONE, "07700 900129"),
            contact(p, Contact.Kind.ONLINE, "jd_eastside07", platform="Snapchat",
                    notes="Used to post gang-related content.", handling=INTEL),
            log(o, mo(5), K.CONTACT, "Released on a short licence for robbery"),
            log(o, mo(4), K.OFFICE_VISIT, "Signs of gang involvement in supervision",
                "Shared with the police liaison officer the same day."),
            log(p, mo(4) + datetime.timedelta(days=6), K.INTELLIGENCE, "Arrested for harassment",
                "Linked to a dispute between two groups in Brackford.", handling=INTEL),
            log(o, mo(4) + datetime.timedelta(days=8), K.NOTE, "Risk of serious harm raised; plan updated",
                "Challenged him about the behaviour. Extra reporting added."),
            log(o, mo(3), K.INFORMATION, "Referred to a project helping young men leave gangs",
                "Worker introduced before the licence ends."),
            log(o, mo(1), K.INFORMATION, "Project worker visiting him at college",
                "Staying in education. Worker keeps in touch with the police."),
        ],
    ))

    # Youth co-defendant in the same robbery: invented for the demo (not in the seeds) to show a
    # record held by a youth justice team, the move to adult probation at 18, and a co-offender link.
    y, o, p = "yot.worker", "om.probation", "ppo.police"
    cases.append(Case(
        key="brennan", source="demo addition: co-defendant in the robbery of seed 003, line 84",
        person=person("Kyle", "Brennan", born(17, 60), ethnicity="White British"),
        created_by=y, manager=y,
        partners=[(o, "Probation: transition to adult services at 18"),
                  (p, "Police liaison officer: gang intelligence")],
        items=[
            ident(p, IdentifierKind.PNC, "24/0201187N"),
            address(y, "home", CUR, A.Kind.HOME,
                    dict(line1="22 Plover Road", town="Brackford", county="Northshire", postcode="NX4 5TD"),
                    moved_in=datetime.date(2015, 9, 1), notes="Lives with his father and two sisters."),
            occupant(y, "home", "Darren Brennan", "Father"),
            occupant(y, "home", "Chloe Brennan", "Sister", dob=born(13, 20)),
            log(y, mo(5), K.CONTACT, "Released from a detention and training order",
                "Supervision by the youth justice team for the rest of the order."),
            log(y, mo(3), K.MEETING, "Transition planning with probation",
                "Case to move to adult probation at 18. Probation officer joining appointments from now."),
            log(p, mo(2), K.INTELLIGENCE, "Seen with known gang members in Brackford town centre",
                handling=INTEL),
            log(y, mo(1), K.OFFICE_VISIT, "Youth justice appointment", "Attending college three days a week."),
        ],
    ))

    # Seed 003, §2.2, line 341; catalogue E2.2-21 ("Darren", Norfolk): move-on from approved premises
    # only after housing checked the area for schools, parks and families with children; police
    # monitoring continues after the licence. Held by the police PPU and awaiting allocation.
    s, h = "sup.police", "housing.readonly"
    cases.append(Case(
        key="maddox", source="seed 003, §2.2, line 341 (catalogue E2.2-21, 'Darren')",
        person=person("Shaun", "Maddox", datetime.date(1974, 12, 3), ethnicity="White British"),
        created_by=s, manager=None,
        partners=[(h, "Housing: area check before the move and tenancy support")],
        items=[
            ident(s, IdentifierKind.PNC, "92/0310648L"),
            ident(s, IdentifierKind.NATIONAL, "NR/17/006640"),
            address(s, "ap", PREV, A.Kind.APPROVED_PREMISES, NORTHSHIRE_AP, moved_in=mo(16), moved_out=mo(10)),
            address(s, "home", CUR, A.Kind.HOME,
                    dict(line1="14 Heron Court", town="Saltmarsh Bay", county="Northshire", postcode="NX9 2LF"),
                    moved_in=mo(10),
                    notes="Housing checked the area for schools, parks and families with children before MAPPA "
                          "agreed the move."),
            vehicle(s, "YN12 FDC", "Skoda", "Fabia", "Red", used_from=mo(8)),
            log(s, mo(11), K.INFORMATION, "Housing area check complete before move-on",
                "No schools or play areas close by; no families with children in the block. MAPPA agreed the "
                "move."),
            log(s, mo(10), K.HOME_VISIT, "Police visit at his new home", "Registration details confirmed."),
            log(s, mo(2), K.INFORMATION, "Licence expired", "Police monitoring continues as a registered sex "
                "offender."),
            log(s, ago(10), K.NOTE, "Held by the unit pending allocation",
                "His public protection officer has moved to another team. To be allocated at the next "
                "caseload meeting."),
        ],
    ))

    # Second area. Seed 004 (HMI Probation and HMIC, "Restriction and Rehabilitation: Getting the
    # Right Mix", 2010), ¶8.12 practice example (lines 780-786): a man who served a very long
    # sentence for rape, at MAPPA level 3 in a hostel with enhanced supervision: collected from
    # prison, escorted, pre-planned routes away from schools and parks, a phone from staff, the
    # wrong train.
    oo, po = "om.otherarea", "ppo.otherarea"
    cases.append(Case(
        key="hale", source="seed 004, ¶8.12 practice example, lines 780-786",
        person=person("Victor", "Hale", datetime.date(1963, 7, 19), ethnicity="White British"),
        created_by=oo, manager=oo,
        partners=[(po, "Southmoor Police public protection unit")],
        items=[
            ident(po, IdentifierKind.PNC, "82/0077731C"),
            ident(oo, IdentifierKind.CRN, "E240177"),
            address(oo, "ap", CUR, A.Kind.APPROVED_PREMISES, SOUTHMOOR_AP, moved_in=mo(5),
                    notes="Enhanced supervision. Unescorted time only on approved routes."),
            contact(oo, Contact.Kind.PHONE, "07700 900990", notes="Phone issued by hostel staff for travel.",
                    used_from=mo(3)),
            log(oo, mo(6), K.MEETING, "MAPPA level 3: enhanced supervision in the hostel agreed"),
            log(oo, mo(5), K.CONTACT, "Collected from prison by hostel staff and escorted to the hostel"),
            log(oo, mo(4), K.MEETING, "MAPPA approves unescorted time",
                "Pre-planned route and approved activities only, keeping away from schools and parks."),
            log(oo, mo(3), K.INFORMATION, "Relapse prevention module started",
                "Staff took him to the first three sessions and gave him a phone for the journey."),
            log(oo, mo(2), K.INFORMATION, "Caught the wrong train; phoned the hostel",
                "Staff stayed on the phone until a member of staff reached him. Escorted twice more."),
            log(po, mo(1), K.HOME_VISIT, "Police visit at the hostel", "No concerns."),
        ],
    ))
    return cases


# Which cases the brief names: (a) extended licence, recalled over a hidden relationship; (b) the
# knife attack, exclusion zones and approved premises; (c) the remand prisoner's two stories.
HEADLINE_CASES = ("hartnell", "dunmore", "tolley")
UNALLOCATED_CASE = "maddox"
OTHER_AREA_CASE = "hale"


# --- Loading ---------------------------------------------------------------------------------

def is_loaded() -> bool:
    return Area.objects.filter(code=PRIMARY_AREA).exists()


def load(today: datetime.date | None = None) -> bool:
    """Load everything; False (and nothing changed) if the demo data is already there."""
    if is_loaded():
        return False
    clash = User.objects.filter(username__in=[u.username for u in USERS]).values_list("username", flat=True)
    if clash:
        raise ValueError(f"These demo usernames already exist: {', '.join(sorted(clash))}")
    token = context.set_origin(context.Origin(channel="cli", user_agent="mappa demo loader"))
    try:
        with transaction.atomic():
            users = _structure_and_users()
            today = today or timezone.localdate()
            nominals = _cases(users, case_studies(today), today)
            for loader in extensions.demo_loaders():
                loader(users=users, nominals=nominals, today=today)
    finally:
        context.reset(token)
    return True


def _structure_and_users() -> dict[str, User]:
    areas = {code: Area.objects.create(code=code, name=name) for code, name in AREAS}
    agencies = {
        code: Agency.objects.create(code=code, name=name, kind=kind, require_second_factor=False)
        for code, name, kind in AGENCIES
    }
    teams = {
        key: Team.objects.create(agency=agencies[agency], area=areas[area], name=name)
        for key, (agency, area, name) in TEAMS.items()
    }
    # One shared password: hash it once (Argon2 is slow on purpose) and give every user that hash.
    encoded = make_password(DEMO_PASSWORD)
    users = {}
    for spec in USERS:
        team = teams[spec.team]
        user = User(
            username=spec.username, first_name=spec.first_name, last_name=spec.last_name, role=spec.role,
            agency=team.agency, team=team, job_title=spec.job_title, is_staff=spec.is_staff,
            email=f"{spec.username}@example.com",
        )
        validate_password(DEMO_PASSWORD, user)
        user.password = encoded
        user.save()
        users[spec.username] = user
    return users


def _resolve(value, addresses: dict, nominals: dict):
    if isinstance(value, Ref):
        return addresses[value.key]
    if isinstance(value, Nom):
        return nominals[value.key]
    return value


def _add_item(users, nominal, item: Item, addresses: dict, nominals: dict):
    data = {k: _resolve(v, addresses, nominals) for k, v in item.data.items()}
    created = services.create_item(actor=users[item.by], nominal=nominal, kind=KINDS[item.kind], data=data)
    if item.key:
        addresses[item.key] = created
    return created


def _cases(users: dict[str, User], cases: list[Case], today: datetime.date) -> dict[str, Nominal]:
    nominals: dict[str, Nominal] = {}
    for case in cases:
        creator = users[case.created_by]
        manager = users[case.manager] if case.manager else None
        if case.allocated_by:
            nominal = services.create_nominal(actor=creator, data=case.person)
            nominal = services.allocate(actor=users[case.allocated_by], nominal=nominal, manager=manager,
                                        version=nominal.version)
        else:
            nominal = services.create_nominal(actor=creator, data=case.person, manager=manager)
        adder = manager or creator
        for username, reason in case.partners:
            services.add_partner(actor=adder, nominal=nominal, user=users[username], reason=reason)
        addresses: dict[str, object] = {}
        for item in case.items:
            _add_item(users, nominal, item, addresses, nominals)
        nominals[case.key] = nominal
    _links(users, nominals, today)
    return nominals


def _links(users, nominals, today: datetime.date) -> None:
    """Relationships between demo nominals, recorded once both records exist."""
    links = [
        # Seed 002, line 548: "quiet plans to set up in a flat with another like-minded sexual offender".
        ("tolley", Item("ppu.prison", "relationships", dict(
            kind=R.ASSOCIATE, other_nominal=Nom("stott"), description="Fellow prisoner on the same wing",
            started=today - datetime.timedelta(days=190),
            notes="Overheard planning to share a flat on release. Both offender managers told.",
            handling=INTEL))),
        ("stott", Item("ppu.prison", "relationships", dict(
            kind=R.ASSOCIATE, other_nominal=Nom("tolley"), description="Fellow prisoner on the same wing",
            started=today - datetime.timedelta(days=190),
            notes="Overheard planning to share a flat on release: check any proposed address against his.",
            handling=INTEL))),
        ("asante", Item("om.probation", "relationships", dict(
            kind=R.CO_OFFENDER, other_nominal=Nom("brennan"), description="Co-defendant in the robbery"))),
        ("brennan", Item("om.probation", "relationships", dict(
            kind=R.CO_OFFENDER, other_nominal=Nom("asante"), description="Co-defendant in the robbery"))),
    ]
    for key, item in links:
        _add_item(users, nominals[key], item, {}, nominals)


# --- What to print ---------------------------------------------------------------------------

def sign_ins() -> list[dict]:
    """One row per demo user, with how many records they reach right now."""
    rows = []
    for spec in USERS:
        user = User.objects.select_related("agency", "team__area").filter(username=spec.username).first()
        if user is None:
            continue
        rows.append({
            "username": spec.username,
            "password": DEMO_PASSWORD,
            "role": user.get_role_display(),
            "agency": f"{user.agency} ({user.team.area})" if user.team_id else str(user.agency or ""),
            "records": policy.nominals_for(user).count(),
            "sees": spec.sees,
        })
    return rows


def sign_in_table() -> str:
    rows = sign_ins()
    if not rows:
        return ""
    headers = {"username": "Username", "password": "Password", "role": "Role", "agency": "Agency (area)",
               "records": "Records", "sees": "What they can see"}
    widths = {k: max(len(headers[k]), *(len(str(r[k])) for r in rows)) for k in headers}
    lines = [
        "Demo sign-ins (every agency has 'require second factor' switched off so these work; it is a "
        "per-agency setting):",
        "",
        "  ".join(headers[k].ljust(widths[k]) for k in headers).rstrip(),
        "  ".join("-" * widths[k] for k in headers),
    ]
    for row in rows:
        lines.append("  ".join(str(row[k]).ljust(widths[k]) for k in headers).rstrip())
    lines += ["", f"Sign in at {URL}  (start the server with: mappa serve)"]
    return "\n".join(lines)
