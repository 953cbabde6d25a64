"""Numbers and catalogues the workforce part uses, with when they took effect and where they come from.

The caseload weights by risk and MAPPA level and the usual maximum are the nominals part's rows (`caseload.weights`,
`caseload.usual_maximum`, nominals/migrations/0010); the rows here add what the sentence brings. Where the documents
give no figure the row says "No number given in the sources: project default." and cites what they do say. Change
a value by adding a row with a later effective_from (history is never rewritten).
"""
import datetime

from django.db import migrations

from mappa.core import reference

GOOD_PRACTICE = ("HMI Probation, Good Practice Examples from the Offender Management Inspection 2 programme, "
                 "2009-2012 (catalogue 003)")
INSPECTION = "HMI Probation and HMI Constabulary, Restriction and Rehabilitation: Getting the Right Mix (June 2010)"
FOUND = datetime.date(2010, 3, 1)  # as the nominals part's caseload rows
NO_NUMBER = "No number given in the sources: project default."

ROWS = [
    {
        "key": "workforce.caseload.weights",
        "value": {"licence": 0.5, "order": 0.25,
                  "requirements": {"programme": 0.5, "treatment": 0.25, "activity": 0.25, "unpaid_work": 0.1,
                                   "curfew": 0.1, "residence": 0.1, "exclusion": 0.1}},
        "effective_from": FOUND,
        "source": f"{NO_NUMBER} What a case's sentence adds to its weight by risk and MAPPA level (caseload.weights): "
        "a licence a half, a community or suspended sentence order a quarter, each requirement in progress by its kind "
        "(an accredited programme a half; treatment and rehabilitation activity a quarter; unpaid work, curfew, "
        f"residence and exclusion a tenth). What the sources say: {INSPECTION}, F-150 and QM-130 (a caseload "
        "dashboard 'weighted by RoSH and level', weighting inferred), summary and paragraph 3.12 (caseloads of 30 to "
        f"50, up to 90); {GOOD_PRACTICE}, section 2.25 REQ-WF-01 (allocation rules that use RoSH and complexity, "
        "configurable) and section 3.11 R-89, R-90 (probation officers manage the highest risk and most complex "
        "cases)",
        "description": "What a licence, an order and each requirement add to a case's weight",
    },
    {
        "key": "workforce.supervision.interval",
        "value": {"months": 1},
        "effective_from": FOUND,
        "source": f"{INSPECTION}, paragraph 10.13 and T-26: probation offender managers' supervision monthly "
        "('provided to most'); R-12: the senior probation officer gives monthly supervision; QM-133: % of offender "
        "managers with monthly supervision recorded",
        "description": "Time between a member of staff's supervision sessions",
    },
    {
        "key": "workforce.worklist.lookahead_days",
        "value": 7,
        "effective_from": FOUND,
        "source": f"{NO_NUMBER} A supervision session is on the supervisor's work list from this many days before it "
        "is due, and until it is held",
        "description": "Days ahead the supervisor's work list shows supervision due",
    },
    {
        "key": "workforce.roles",
        "value": {
            "courses": {
                "rm2000": "Risk Matrix 2000", "oasys": "OASys", "visor": "ViSOR",
                "home_visiting": "Home visiting of sexual offenders",
                "sarn": "SARN (Structured Assessment of Risk and Need)",
                "female_offenders": "Working with women who sexually offend",
                "denial": "Working with offenders in denial",
                "surveillance": "Surveillance for SOPO enforcement",
            },
            "roles": {
                "offender_manager": {"name": "Probation offender manager (R-11)",
                                     "training": ["oasys", "rm2000", "home_visiting"]},
                "senior_probation_officer": {"name": "Senior probation officer (R-12)", "training": ["oasys", "rm2000"]},
                "public_protection_officer": {"name": "Police public protection officer (R-03)",
                                              "training": ["visor", "rm2000", "home_visiting"]},
                "ppu_supervisor": {"name": "Police public protection unit supervisor (R-04)",
                                   "training": ["visor", "rm2000"]},
            },
            "held_by": {"probation:practitioner": "offender_manager", "probation:supervisor": "senior_probation_officer",
                        "police:practitioner": "public_protection_officer", "police:supervisor": "ppu_supervisor"},
        },
        "effective_from": FOUND,
        "source": f"{INSPECTION}: role catalogue section 5.2 (R-03, R-04, R-11, R-12) and E-34 (training records: "
        "ViSOR, RM2000, OASys, SARN, home visiting, female sexual offenders, offenders in denial, surveillance for SOPO "
        "enforcement; refresher dates). Required training: RM2000 for whoever completes or approves it (paragraph "
        "5.5, F-061: 7 of 45 probation staff responsible for it untrained; permission matrix 5.3: 'CU (trained)', "
        "'A (trained)'); ViSOR and RM2000 for police public protection staff (paragraph 10.8, R-03 'training gate'); "
        "OASys for offender managers and for approving OASys content (paragraph 4.11, F-006; "
        f"{GOOD_PRACTICE}, section 2.25 REQ-WF-03 and E1.3-07 'OASys accreditation'); home visiting for those who "
        "visit (paragraphs 7.17 and 10.6, F-126). Which role a person holds is read from their agency and account "
        "role (held_by): a project default, as the sources name roles, not accounts",
        "description": "Courses, the roles of the inspection catalogue and the training each requires",
    },
]


def load(apps, schema_editor):
    reference.load_rows(apps, ROWS)


def unload(apps, schema_editor):
    reference.unload_rows(apps, ROWS)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_reference_source_any_length"), ("workforce", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
