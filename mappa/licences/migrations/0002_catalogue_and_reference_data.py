"""The licence conditions catalogue (first version of each wording) and the zone warning distance.

The wording is mappa's own plain-English drafting of each condition the source documents name. The
documents name the conditions and how they were used, not a statutory text: each row cites where the
condition appears. Check the wording against the licence conditions framework in force before use; a
new wording is a new row with a later effective_from, so licences already issued keep theirs.
"""
import datetime

from django.db import migrations

GP = "HMI Probation, good practice examples 2009-2012 (shared/domain/good-practice-2009-2012.md), §2.4 'Licence conditions named in the source'"
INSP = "HMI Probation and HMI Constabulary, inspection of the management of sexual offenders, 2010 (shared/domain/inspection-2010-sexual-offenders.md)"
ESSEX = "Essex MAPPA annual report 2008-09 (shared/seeds/002), 'Pushes the boundaries, then caught out by mobile', lines 196-206"
MR_D = "Essex MAPPA annual report (shared/seeds/001 lines 23-30; shared/seeds/002 lines 496-500), the case of Mr D"
STANDARD_NOTE = ("Standard condition on every licence. The sources refer to 'the usual' conditions without quoting them "
                 "(shared/seeds/002 line 369); wording is a plain summary")
FROM = datetime.date(2008, 4, 1)


def p(name, label, kind="text", required=True, hint=""):
    return {"name": name, "label": label, "kind": kind, "required": required, "hint": hint}


CATALOGUE = [
    # Standard conditions
    ("good_behaviour", "Be of good behaviour", "standard",
     "Be well behaved, do not commit any offence and do not do anything that could undermine the purpose of "
     "your supervision, which is to protect the public, prevent re-offending and help you resettle.", [], STANDARD_NOTE),
    ("keep_in_touch", "Keep in touch with the supervising officer", "standard",
     "Keep in touch with your supervising officer as they instruct.", [], STANDARD_NOTE),
    ("receive_visits", "Receive visits from the supervising officer", "standard",
     "Receive visits from your supervising officer at your home as they instruct.", [],
     STANDARD_NOTE + "; " + INSP + " ¶7.16 (home visits confirm the person resides at the address)"),
    ("approved_address", "Live at an approved address", "standard",
     "Live permanently at an address approved by your supervising officer and get their approval before you stay "
     "anywhere else for one or more nights.", [], STANDARD_NOTE + "; " + GP + " (E3.1-06, a condition 'relating to where he lived')"),
    # Additional conditions
    ("residence", "Residence at a named address or approved premises", "additional",
     "Live at {premises} and keep to its rules.",
     [p("premises", "Address or approved premises", hint="For example: Northshire approved premises, 14 Canal Street, Brackford")],
     GP + " (residence at approved premises: E1.2-01, E1.2-03, E2.2-02, E2.2-17); " + INSP + " E-07, ¶7.5; " + MR_D),
    ("reporting", "Report at set intervals", "additional",
     "Report to {place} every {hours} hours between 08:00 and 22:00.",
     [p("place", "Where to report", hint="For example: approved premises staff"), p("hours", "Interval in hours", "hours")],
     GP + " ('signing on at two hourly intervals' E1.2-09; 'every four hours' E2.3-04); shared/seeds/002 line 369 ('hourly reporting')"),
    ("curfew", "Curfew", "additional",
     "Stay at {address} from {start} until {end} every day, unless your supervising officer agrees otherwise in advance.",
     [p("address", "Curfew address"), p("start", "Curfew starts", "time", hint="24-hour clock, for example 19:00"),
      p("end", "Curfew ends", "time", hint="24-hour clock, for example 07:00")],
     GP + " ('7pm-7am curfew' E1.3-03; approved premises curfew E2.3-04, E2.4-02) and §2.11 curfew and electronic monitoring"),
    ("no_contact", "No contact with named people", "additional",
     "Do not contact or try to contact {people}, directly or through anyone else, by any means, without the prior "
     "approval of your supervising officer.",
     [p("people", "The people he or she must not contact", "people")],
     GP + " (non-contact condition after victim liaison consultation: E2.2-17, E2.2-24); " + INSP + " E-07, ¶2.5; " + MR_D),
    ("exclusion_zone", "Exclusion from an area", "additional",
     "Do not enter {zones} without the prior approval of your supervising officer.",
     [p("zones", "Exclusion zones drawn on the map", "zones", required=False)],
     GP + " (exclusion zone: E2.2-24, E3.2-01, E3.2-02; REQ-REQ-03); " + INSP + " E-26; " + MR_D + "; " + ESSEX),
    ("not_enter_place", "Not to enter or approach a named place", "additional",
     "Do not enter or approach {place}.",
     [p("place", "The place", hint="For example: the victim's workplace, or any school, park or leisure centre")],
     GP + " ('excluded from entering his partner's address' E2.2-04); " + INSP + " E-26 (schools, parks), ¶8.12; shared/seeds/002 line 369"),
    ("notify_relationships", "Notify relationships", "additional",
     "Tell your supervising officer about any developing intimate relationship as soon as it begins.", [],
     ESSEX + " ('he must advise Probation of any developing relationship')"),
    ("notify_vehicles", "Notify vehicles", "additional",
     "Tell your supervising officer the details, including the registration number, of any vehicle you own, hire, "
     "borrow or use, before you use it.", [],
     ESSEX + " ('inform them of any vehicle he used')"),
    ("police_visits", "Comply with police visits", "additional",
     "Allow police officers to visit you at your home, at times arranged by your supervising officer, to check how "
     "you are keeping to this licence.", [],
     MR_D + " (police monitoring visits as a licence condition, as he would not be a registered sex offender); "
     + ESSEX + " ('seen regularly by Police Public Protection Monitoring Officers')"),
    ("programme", "Attend a programme", "additional",
     "Attend and take part in {programme}, as directed by your supervising officer.",
     [p("programme", "Programme", hint="For example: the sex offender treatment programme, or IDAP")],
     GP + " ('a condition to attend an accredited programme' E2.3-11); " + ESSEX + " ('attend a sex offending programme')"),
    ("polygraph", "Polygraph testing", "additional",
     "Take polygraph tests when your supervising officer tells you to, and answer the examiner's questions.", [],
     INSP + " E-07, ¶2.4L; " + GP + " (E2.2-25, E3.2-09)"),
    ("electronic_monitoring", "Electronic monitoring", "additional",
     "Wear an electronic tag and allow it to be fitted, checked and maintained, so that {what} can be monitored.",
     [p("what", "What is monitored", hint="For example: the curfew, or the exclusion zone")],
     GP + " ('curfew was electronically monitored' E2.2-30) and §2.11 curfew and electronic monitoring"),
    ("no_internet_devices", "Devices that can reach the internet or take pictures", "additional",
     "Do not have any device that can access the internet or take still or moving pictures unless your supervising "
     "officer agrees in advance.", [],
     GP + " (device prohibitions, E2.2-25)"),
    ("no_work_with_children", "No work with children", "additional",
     "Do not take any paid or unpaid work, or any organised activity, that brings you into contact with anyone "
     "under 18, without your supervising officer's approval.", [],
     GP + " ('you cannot work with children' E2.4-04)"),
]

REFERENCE = [
    {
        "key": "licences.zone_warning_metres",
        "value": 500,
        "effective_from": FROM,
        "source": "Local MAPPA setting; the sources give no distance, only why nearness matters: an approved premises "
        "'too close to one of the proposed exclusion zones' (shared/seeds/002 lines 196-198); an area checked 'for "
        "proximity to schools, parks and families with children' (good practice 2009-2012, E2.2-21)",
        "description": "How close (in metres) an address or route may come to an exclusion zone or a victim's "
        "address before the checks warn",
    },
]


def load(apps, schema_editor):
    Catalogue = apps.get_model("licences", "CatalogueCondition")
    for code, title, category, text, parameters, source in CATALOGUE:
        Catalogue.objects.update_or_create(code=code, effective_from=FROM, defaults={
            "title": title, "category": category, "text": text, "parameters": parameters, "source": source})
    ReferenceSetting = apps.get_model("core", "ReferenceSetting")
    for row in REFERENCE:
        ReferenceSetting.objects.update_or_create(key=row["key"], effective_from=row["effective_from"], defaults=row)


def unload(apps, schema_editor):
    apps.get_model("licences", "CatalogueCondition").objects.filter(effective_from=FROM).delete()
    ReferenceSetting = apps.get_model("core", "ReferenceSetting")
    for row in REFERENCE:
        ReferenceSetting.objects.filter(key=row["key"], effective_from=row["effective_from"]).delete()


class Migration(migrations.Migration):
    dependencies = [("licences", "0001_initial"), ("core", "0002_reference_data")]
    operations = [migrations.RunPython(load, unload)]
