"""Demo approved premises placements and pathways.

Ryan Colley (seed 003, §2.2, line 373; catalogue E2.2-30,
"Richard"): released on licence to Northshire approved premises four months ago, in care since the age of two,
with basic skills work on budgeting with his key worker and, at the last MAPPA review, help to move on to housing
(mappa/demo/demo_data.py). The referral, the move-on plan's details and the pathways' actions are demo additions
that show the daily work.

Kevin Dunmore (seed 001, lines 27-37, Mr D): MAPPA turned down his daughter's home (inside the exclusion zone), so
approved premises first, its curfew relaxed step by step before move-on; probation helped him to a warehouse job and a
flat to rent; the Criminal Justice Mental Health Team assessed him in prison and planned treatment on release, and
mental health support continues after the licence (the health pathway, whose details only probation and health read).
Raymond Stott (seed 000; seed 002, lines 359-403): approved premises with hourly reporting on his second release,
left when he was recalled; at sentence end he leaves with no licence, and the work to settle him into the right
accommodation continues. The dates follow his sentence and recalls (orders/demo.py) and his addresses
(demo/demo_data.py). Made through the services, so the audit reads right."""
import datetime

from mappa.orders.models import Recall, Sentence
from mappa.resettlement import services
from mappa.resettlement.models import Pathway

PREMISES = "northshire"


def load(*, users, nominals, today):
    if "colley" in nominals:
        _colley(users, nominals["colley"], today)
    if "dunmore" in nominals:
        _dunmore(users, nominals["dunmore"], today)
    if "stott" in nominals:
        _stott(users, nominals["stott"], today)


def _months_ago(today: datetime.date, months: float) -> datetime.date:
    """As demo/demo_data.py counts months back, so the dates meet its addresses and activity log."""
    return today - datetime.timedelta(days=round(months * 30.4))


def _colley(users, nominal, today):
    om = users["om.probation"]

    def ago(days: int) -> datetime.date:
        return today - datetime.timedelta(days=days)

    arrived = ago(round(4 * 30.4))
    referral = services.add_referral(actor=om, nominal=nominal, today=ago(170), data={
        "referred_on": ago(170), "premises": PREMISES,
        "reason": "Sexual offences against children; no family or home to go to. Residence and a monitored curfew "
                  "agreed at the MAPPA level 2 meeting; extra night staff to be funded"})
    services.decide_referral(actor=om, referral=referral, decision="accepted", reason="", version=referral.version,
                             today=ago(160))
    placement = services.add_placement(actor=om, nominal=nominal, today=arrived, data={
        "referral": referral, "premises": PREMISES, "arrived_on": arrived, "key_worker": "Sam Pryor",
        "expected_departure_on": today + datetime.timedelta(days=35), "signing_in_hours": 4,
        "curfew_from": datetime.time(19), "curfew_to": datetime.time(7)})
    services.plan_move_on(actor=om, placement=placement, version=placement.version, today=today, data={
        "move_on_plan": "Supported housing with a tenancy support worker; basic skills and budgeting to continue with "
                        "his key worker until he leaves; voluntary contact after the licence ends",
        "move_on_to": "Supported housing, Hallam Cross (Housing Options referral)", "move_on_agreed_on": ago(12)})

    housing = services.add_pathway(actor=om, nominal=nominal, today=today, data={
        "kind": Pathway.Kind.ACCOMMODATION, "assessed_on": arrived + datetime.timedelta(days=7),
        "need": "No home to go to after the premises: in care from the age of two, never held a tenancy"})
    referred = services.add_action(actor=om, pathway=housing, data={
        "action": "Refer to Housing Options for supported housing", "who": "Offender manager",
        "target_on": ago(40)})
    services.complete_action(actor=om, action=referred, done_on=ago(45), version=referred.version, today=today)
    services.add_action(actor=om, pathway=housing, data={
        "action": "Visit the supported housing with him before he moves", "who": "Approved premises key worker",
        "target_on": today + datetime.timedelta(days=14)})
    money = services.add_pathway(actor=om, nominal=nominal, today=today, data={
        "kind": Pathway.Kind.FINANCE, "assessed_on": ago(95),
        "need": "Budgeting: has never managed money; no bank account for his benefits"})
    services.add_action(actor=om, pathway=money, data={  # past its date: on the work list
        "action": "Open a bank account with him", "who": "Approved premises key worker", "target_on": ago(5)})


def _dunmore(users, nominal, today):
    om = users["om.probation"]
    sentence = Sentence.objects.filter(nominal=nominal, released_on__isnull=False).order_by("-sentenced_on").first()
    if sentence is None:
        return
    released, ends = sentence.released_on, sentence.licence_end

    def mo(months: float) -> datetime.date:
        return _months_ago(today, months)

    referral = services.add_referral(actor=om, nominal=nominal, today=mo(15), data={
        "referred_on": mo(15), "premises": PREMISES,
        "reason": "MAPPA level 2 release planning: his daughter's home is inside the victim's exclusion zone, and more "
                  "control is needed at first; his own home before long, as the licence is short"})
    services.decide_referral(actor=om, referral=referral, decision="accepted", reason="", version=referral.version,
                             today=mo(15) + datetime.timedelta(days=5))
    placement = services.add_placement(actor=om, nominal=nominal, today=released, data={
        "referral": referral, "premises": PREMISES, "arrived_on": released, "key_worker": "Sam Pryor",
        "expected_departure_on": mo(7), "signing_in_hours": 4,
        "curfew_from": datetime.time(21), "curfew_to": datetime.time(7)})  # the licence's curfew
    # The curfew relaxed step by step (licences/demo.py varies the licence); signing in eased with it.
    placement = services.plan_move_on(actor=om, placement=placement, version=placement.version, today=mo(9), data={
        "move_on_plan": "Own rented flat outside the exclusion zone, checked by police before he moves in; the curfew "
                        "relaxed step by step until then; supervision at the office and at home once he has moved",
        "move_on_to": "Private rented flat, Saltmarsh Bay", "move_on_agreed_on": mo(9)})
    placement = services.plan_move_on(actor=om, placement=placement, version=placement.version, today=mo(8), data={
        "signing_in_hours": 8, "signing_in_reason": "Day shifts at the warehouse: signs in before and after work, "
                                                    "agreed at the MAPPA review as the curfew was relaxed"})
    services.record_departure(actor=om, placement=placement, version=placement.version, today=mo(7), data={
        "departed_on": mo(7), "departure": "planned", "destination": "Flat 12, Harbour View, Quay Street, Saltmarsh Bay",
        "departure_notes": "Moved on as planned; first home visit the same week"})

    home = services.add_pathway(actor=om, nominal=nominal, today=mo(14), data={
        "kind": Pathway.Kind.ACCOMMODATION, "assessed_on": mo(14),
        "need": "His own flat was given up in custody and his daughter's home is inside the exclusion zone: approved "
                "premises on release, then a home of his own before the licence ends"})
    for action, who, target, done in (
            ("Refer to Hallam Cross Housing Options for move-on", "Offender manager", mo(10), mo(10.5)),
            ("Police check the flat he has found before he moves in", "Police public protection officer", mo(7.3),
             mo(7.4))):
        made = services.add_action(actor=om, pathway=home, data={"action": action, "who": who, "target_on": target})
        services.complete_action(actor=om, action=made, done_on=done, version=made.version, today=today)
    home = Pathway.objects.get(pk=home.pk)
    services.record_outcome(actor=om, pathway=home, outcome="settled", when="leaving_ap", version=home.version,
                            today=mo(7))

    work = services.add_pathway(actor=om, nominal=nominal, today=mo(13), data={
        "kind": Pathway.Kind.ETE, "assessed_on": mo(13),
        "need": "Out of work before custody; a job would give his days a structure away from the victim's area"})
    for action, who, target, done in (
            ("Jobcentre work coach: job search, with a letter disclosing his conviction", "Offender manager and "
             "Hallam Cross Jobcentre", mo(11), mo(11.5)),
            ("Tell the warehouse employer of his conviction before he starts", "Offender manager", mo(8), mo(8))):
        made = services.add_action(actor=om, pathway=work, data={"action": action, "who": who, "target_on": target})
        services.complete_action(actor=om, action=made, done_on=done, version=made.version, today=today)
    work = Pathway.objects.get(pk=work.pk)
    services.record_outcome(actor=om, pathway=work, outcome="employed", when="review", version=work.version, today=mo(8))

    # Health information, restricted: recorded by probation, so that probation and health (the Criminal Justice Mental
    # Health Team) read it; no one else does.
    health = services.add_pathway(actor=om, nominal=nominal, today=mo(14), detail={
        "focus": "mental_health", "provider": "Criminal Justice Mental Health Team, then the community mental health team",
        "need": "Depression and a history of overdoses (two weeks in hospital before the offence): assessed in prison, "
                "treatment planned for release"}, data={"kind": Pathway.Kind.HEALTH_SUBSTANCE, "assessed_on": mo(14)})
    for action, who, target, done in (
            ("Treatment plan for release agreed with the community mental health team", "Criminal Justice Mental "
             "Health Team", released, mo(13.6)),
            ("Reports on his treatment for depression to each MAPPA review", "Criminal Justice Mental Health Team",
             mo(9), mo(9)),
            ("Hand over to the community mental health team for support after the licence ends", "Criminal Justice "
             "Mental Health Team", ends, None)):
        made = services.add_action(actor=om, pathway=health, data={"action": action, "who": who,
                                                                          "target_on": target})
        if done:
            services.complete_action(actor=om, action=made, done_on=done, version=made.version, today=today)
    health = Pathway.objects.get(pk=health.pk)
    services.record_outcome(actor=om, pathway=health, outcome="in_treatment", when="review",
                            notes="Mood stable on current treatment; support continues after the licence ends",
                            version=health.version, today=mo(1))


def _stott(users, nominal, today):
    om, ppo = users["om.probation"], users["ppo.police"]
    recalls = list(Recall.objects.filter(sentence__nominal=nominal).order_by("requested_on"))
    if len(recalls) < 2 or not recalls[0].re_released_on:
        return
    released, recalled = recalls[0].re_released_on, recalls[1].returned_to_custody_on
    sentence = recalls[1].sentence

    referral = services.add_referral(actor=om, nominal=nominal, today=released, data={
        "referred_on": released - datetime.timedelta(days=30), "premises": PREMISES,
        "reason": "Second release after his first recall, with little licence left: MAPPA level 3 agreed approved "
                  "premises with hourly reporting to staff"})
    services.decide_referral(actor=om, referral=referral, decision="accepted", reason="", version=referral.version,
                             today=released - datetime.timedelta(days=21))
    placement = services.add_placement(actor=om, nominal=nominal, today=released, data={
        "referral": referral, "premises": PREMISES, "arrived_on": released, "key_worker": "Sam Pryor",
        "signing_in_hours": 1, "signing_in_reason": "Reports to staff every hour (licence condition set at the MAPPA "
                                                    "level 3 meeting): very institutionalised, he keeps to set rules",
        "curfew_from": datetime.time(19), "curfew_to": datetime.time(7)})
    services.record_departure(actor=om, placement=placement, version=placement.version, today=recalled, data={
        "departed_on": recalled, "departure": "unplanned", "destination": "HMP & YOI Brackford (recalled)",
        "departure_notes": "Recalled: seen by police surveillance hiding in bushes near a park where children play"})

    home = services.add_pathway(actor=ppo, nominal=nominal, today=today, data={
        "kind": Pathway.Kind.ACCOMMODATION, "assessed_on": _months_ago(today, 6),
        "need": "Released at sentence end with no licence and no approved premises: an address away from schools, "
                "parks and play areas, where support and surveillance can continue"})
    services.add_action(actor=ppo, pathway=home, data={
        "action": "Check the proposed flat in Canal Street, Brackford, for schools, parks and play areas nearby",
        "who": "Police public protection officer with Hallam Cross Housing Options",
        "target_on": today + datetime.timedelta(days=21)})
    services.add_action(actor=ppo, pathway=home, data={
        "action": "Agree the tenancy and the support to settle him there before his release at sentence end",
        "who": "Police public protection officer, housing and the prison's offender management unit",
        "target_on": sentence.sentence_expiry})
