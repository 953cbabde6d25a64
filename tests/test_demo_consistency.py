"""The demo tells one story per person: the MAPPA category, the sentence on every page, the release and
licence dates the law gives, and what the README says a new user will find."""
import datetime
import re
from fractions import Fraction
from pathlib import Path

import pytest
from django.utils import timezone

from mappa.arrangements import services as mappa
from mappa.arrangements.models import Eligibility, Minute
from mappa.licences.models import Licence
from mappa.nominals.models import Activity, Address
from mappa.nominals.search import Query, candidate_scores
from mappa.orders import queries, rules
from mappa.orders.models import CustodyPeriod, Sentence
from mappa.plans import queries as plans
from mappa.plans.models import PlanReview
from mappa.risk.models import Assessment
from mappa.visits.models import Visit
from tests.test_demo_data import case, demo, demo_loaded  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
           "ten": 10, "twelve": 12}


def test_every_stored_mappa_proposal_agrees_with_the_category_or_is_an_explained_override(demo):  # noqa: F811
    eligibilities = list(Eligibility.objects.select_related("nominal"))
    assert {e.nominal.last_name for e in eligibilities} >= {"Hartnell", "Dunmore", "Stott", "Naylor", "Greaves"}
    for e in eligibilities:
        if e.proposed_category != e.category:
            assert e.basis.strip(), f"{e.nominal}: Category {e.category} against the proposal, with no basis"
            continue
        assert e.proposal_reasons and all(r["source"] for r in e.proposal_reasons), e.nominal
        # What the system proposes today, from the records, says the same.
        assert mappa.proposal_for(demo["coordinator"], e.nominal, timezone.localdate()).category == e.category


def test_no_page_shows_no_proposal_beside_a_category(demo, client):  # noqa: F811
    client.force_login(demo["coordinator"])
    for e in Eligibility.objects.select_related("nominal"):
        for url in (f"/mappa/people/{e.nominal_id}/", f"/people/{e.nominal_id}/"):
            page = client.get(url).content.decode()
            assert "System proposed no category" not in page, (e.nominal, url)
            shown = set(re.findall(r"System proposed Category (\d)", page))
            assert shown <= {str(e.category)}, (e.nominal, url, shown)


def test_release_and_licence_dates_are_the_ones_the_rules_give_for_the_sentence(demo):  # noqa: F811
    custodial = list(Sentence.objects.filter(kind__in=Sentence.CUSTODIAL).select_related("conviction", "nominal"))
    assert {s.nominal.last_name for s in custodial} >= {"Hartnell", "Dunmore", "Stott", "Tolley", "Naylor"}
    for s in custodial:
        months = int(s.length_months)
        assert rules.sentence_date_errors(
            sentenced_on=s.sentenced_on, release_date=s.release_date, released_on=s.released_on,
            licence_end=s.licence_end, sentence_expiry=s.sentence_expiry, extended=s.kind == Sentence.Kind.EXTENDED,
            extension_months=s.extension_months) == {}, s.nominal
        if s.kind == Sentence.Kind.EXTENDED:
            # Released only by the Parole Board, from the two-thirds point of the custodial term (s.246A).
            parole_from = rules.fixed_term_dates(starts=s.custody_from, months=months, remand_days=s.remand_days,
                                                 fraction=Fraction(2, 3)).release
            assert s.release_kind == Sentence.ReleaseKind.PAROLE, s.nominal
            assert s.released_on is None or s.released_on >= parole_from, s.nominal
            end = rules.period_end(s.custody_from, months=months + s.extension_months)
            assert (s.licence_end or s.sentence_expiry) <= end, s.nominal
            continue
        # The release point by the law of the day (tests/test_orders_release_points.py): Dunmore, sentenced after
        # 10 September 2024 for a violent offence with two years, at 40 per cent; the sexual offences at one-half.
        point = queries.release_point(s)
        assert point.fraction == (Fraction(2, 5) if s.nominal.last_name == "Dunmore" else Fraction(1, 2)), s.nominal
        dates = rules.FixedTermDates(release=point.release, expiry=rules.fixed_term_dates(
            starts=s.custody_from, months=months, remand_days=s.remand_days, fraction=point.fraction).expiry)
        assert s.release_kind == Sentence.ReleaseKind.AUTOMATIC and s.release_date == dates.release, s.nominal
        assert s.sentence_expiry == dates.expiry, s.nominal
        if s.released_on:
            assert s.released_on == s.licence_start == dates.release and s.licence_end == dates.expiry, s.nominal


def test_remand_counted_is_the_time_on_remand_up_to_the_sentence(demo):  # noqa: F811
    counted = list(Sentence.objects.filter(remand_days__gt=0).select_related("nominal"))
    assert {s.nominal.last_name for s in counted} == {"Dunmore", "Tolley"}
    for s in counted:
        remand = CustodyPeriod.objects.get(nominal=s.nominal, kind="remand")
        assert remand.ended_on == s.sentenced_on and (remand.ended_on - remand.started_on).days == s.remand_days


def test_a_licence_issued_under_a_sentence_shows_the_sentences_period(demo):  # noqa: F811
    for licence in Licence.objects.filter(sentence__isnull=False).select_related("sentence", "nominal"):
        s = licence.sentence
        start, end = rules.licence_period(licence_start=s.licence_start, licence_end=s.licence_end,
                                          released_on=s.released_on, sentence_expiry=s.sentence_expiry)
        assert (licence.start_date, licence.end_date) == (start, end), licence.nominal
    assert Licence.objects.filter(nominal__last_name__in=["Hartnell", "Dunmore"], sentence__isnull=False).count() == 2


def test_the_register_leaves_custody_when_the_sentence_releases_him(demo):  # noqa: F811
    for s in Sentence.objects.filter(released_on__isnull=False, kind__in=Sentence.CUSTODIAL).select_related("nominal"):
        left = Address.objects.filter(nominal=s.nominal, kind=Address.Kind.CUSTODY, moved_out__isnull=False)
        first = min(a.moved_out for a in left) if left else None
        if first is not None:
            assert abs((first - s.released_on).days) <= 7, (s.nominal, first, s.released_on)


def _texts(nominal) -> list[str]:
    texts = [s.notes for s in Sentence.objects.filter(nominal=nominal)]
    texts += [e.basis for e in Eligibility.objects.filter(nominal=nominal)]
    texts += [a.notes for a in Address.objects.filter(nominal=nominal)]
    texts += [f"{a.summary} {a.details}" for a in Activity.objects.filter(nominal=nominal)]
    texts += [licence.notes for licence in Licence.objects.filter(nominal=nominal)]
    return texts


def test_sentence_lengths_told_on_every_page_are_the_recorded_ones(demo, client):  # noqa: F811
    client.force_login(demo["om.probation"])
    for key in ("hartnell", "dunmore", "stott", "tolley", "naylor"):
        nominal = case(key)
        sentences = list(Sentence.objects.filter(nominal=nominal))
        terms = {int(s.length_months) for s in sentences} | {s.extension_months for s in sentences if s.extension_months}
        for text in _texts(nominal):
            for word in re.findall(r"\b(\w+)[ -]years?'? (?:imprisonment|custody|extended licence)", text, flags=re.I):
                assert NUMBERS.get(word.lower(), -1) * 12 in terms, (key, text)
        licences = [s for s in sentences if s.licence_start and s.licence_end]
        for text in _texts(nominal):
            for word in re.findall(r"\b(\w+)-month licence", text, flags=re.I):
                months = NUMBERS[word.lower()]
                assert any(abs((s.licence_end - rules.add_months(s.licence_start, months)).days) <= 2
                           for s in licences), (key, text)
    page = client.get(f"/orders/{case('dunmore').pk}/").content.decode()
    assert "24 months" in page and "48 months" not in page


def test_the_plans_read_as_the_readme_says(demo):  # noqa: F811
    assert ("Demo: `om.probation` on Lee Hartnell (reviewed, but today's level 2 meeting decisions and his licence "
            "conditions\nare not yet in it, so it flags them) and Kevin Dunmore (gaps, review due)") in README
    today, om = timezone.localdate(), demo["om.probation"]
    hartnell = plans.plan_state(om, case("hartnell"), today)
    assert PlanReview.objects.get(nominal=case("hartnell")).endorsed_by == demo["sup.probation"]
    # Reviewed, so nothing of its own is missing: only what other parts recorded since.
    assert hartnell.gaps and all(g.requirement_key for g in hartnell.gaps)
    flagged = {g.requirement_key.split(":")[0] for g in hartnell.gaps}
    # Today's level 2 decision to disclose to his new partner is recorded, so the plan must show it too.
    assert flagged == {"arrangements.minute", "arrangements.disclosure", "licences.licencecondition",
                       "safeguarding.disclosuredecision"}, flagged
    for gap in hartnell.gaps:
        if gap.requirement_key.startswith("arrangements."):
            meeting = Minute.objects.get(pk=gap.requirement_key.split(":")[1]).meeting
            assert (meeting.held_on, meeting.kind) == (today, "level2"), gap
    assert not hartnell.review.triggered
    dunmore = plans.plan_state(om, case("dunmore"), today)
    assert any(not g.requirement_key for g in dunmore.gaps) and dunmore.review.triggered


def test_the_other_readme_demo_claims(demo, client):  # noqa: F811
    hartnell, dunmore = case("hartnell"), case("dunmore")
    # Risk: "sign in as sup.probation and approve Lee Hartnell's OGRS3".
    assert "approve Lee Hartnell's OGRS3" in README
    assert Assessment.objects.get(nominal=hartnell, tool="ogrs3").status == "completed"
    # Victims: victim.care (or om.probation) see Kevin Dunmore's victims; ppo.police only that two are recorded.
    assert "`ppo.police` sees only that two victims are\nrecorded" in README
    for username in ("victim.care", "om.probation"):
        client.force_login(demo[username])
        assert "Tracy Holden" in client.get(f"/victims/people/{dunmore.pk}/").content.decode(), username
    client.force_login(demo["ppo.police"])
    page = client.get(f"/victims/people/{dunmore.pk}/").content.decode()
    assert "Tracy Holden" not in page and "2 victims" in page
    # Victim contact due: "victim.care ... her home page shows "Offer statutory victim contact" for each, overdue".
    assert 'shows "Offer statutory victim contact" for each, overdue' in README.replace("\n", " ")
    client.force_login(demo["victim.care"])
    home = client.get("/", {"work": "mine"}).content.decode()
    assert "Dennis Arthur Tolley" in home and "Offer statutory victim contact" in home
    # Visits: "ppo.police on Lee Hartnell (a joint visit attended, a police attempt with no answer, the next one
    # planned)".
    assert "a joint visit attended, a police attempt with no answer, the next one planned" in README.replace("\n", " ")
    outcomes = list(Visit.objects.filter(nominal=hartnell).order_by("planned_for").values_list("visit_agency", "outcome"))
    assert outcomes == [("joint", "attended"), ("police", "no_answer"), ("police", "")]
    # MAPPA: "sign in as coordinator".
    client.force_login(demo["coordinator"])
    assert client.get("/mappa/co-ordinator/").status_code == 200


def test_the_readme_on_the_demo_categories_and_sentences(demo):  # noqa: F811
    text = " ".join(README.split())
    assert ("Category 1 (registered) for Lee Hartnell, Raymond Stott and Philip Greaves, Category 2 (a violent offence, "
            "12 months or more) for Kevin Dunmore and Wayne Naylor") in text
    categories = {e.nominal.last_name: e.category for e in Eligibility.objects.select_related("nominal")}
    assert categories == {"Hartnell": 1, "Stott": 1, "Greaves": 1, "Dunmore": 2, "Naylor": 2}
    today = timezone.localdate()

    assert ("Kevin Dunmore: five months on remand, then two years for a violent offence, sentenced after 10 September "
            "2024, so released at 40 per cent of the term, on a licence of about fourteen months that ends in about a "
            "month") in text
    s = Sentence.objects.get(nominal=case("dunmore"))
    assert int(s.length_months) == 24 and 140 <= s.remand_days <= 160 and s.sentenced_on >= datetime.date(2024, 9, 10)
    assert queries.release_point(s).fraction == Fraction(2, 5)
    assert 20 <= (s.licence_end - today).days <= 40
    assert 13 <= (s.licence_end - s.released_on).days / 30.4 <= 15

    assert ("Lee Hartnell: seven years and a three-year extension, released by the Parole Board after the "
            "two-thirds point") in text
    s = Sentence.objects.get(nominal=case("hartnell"))
    assert (s.kind, int(s.length_months), s.extension_months, s.release_kind) == ("extended", 84, 36, "parole")

    assert "Raymond Stott: eight years, held on his second recall to the end of the sentence" in text
    s = Sentence.objects.get(nominal=case("stott"))
    recalls = list(s.recalls.order_by("requested_on"))
    assert int(s.length_months) == 96 and s.sentence_expiry > today
    assert len(recalls) == 2 and recalls[0].re_released_on and not recalls[1].re_released_on

    assert "Dennis Tolley: eight years for an offence carrying fourteen years, not life, so released at the halfway" in text
    s = Sentence.objects.select_related("conviction").get(nominal=case("tolley"))
    assert int(s.length_months) == 96 and s.conviction.maximum_penalty_years == 14
    assert queries.release_point(s).fraction == Fraction(1, 2)


def test_what_the_risk_assessments_say_of_custody_is_the_legal_status(demo):  # noqa: F811
    today = timezone.localdate()
    for assessment in Assessment.objects.select_related("nominal"):
        said = " ".join((assessment.level_rationale, assessment.imminence, assessment.notes))
        on_remand = CustodyPeriod.objects.filter(nominal=assessment.nominal, kind="remand", started_on__lte=today,
                                                 ended_on__isnull=True).exists()
        assert ("on remand" in said) <= on_remand, (assessment.nominal, said)
    stott = Assessment.objects.get(nominal=case("stott"), tool="rm2000")
    assert "on recall" in stott.level_rationale
    assert Sentence.objects.get(nominal=case("stott")).recalls.filter(re_released_on__isnull=True).exists()


def test_the_tours_demo_search_examples_find_the_demo_people(demo):  # noqa: F811
    """A short tour: 'a middle name, "Anthony Hartnell"; an initial, "Naylor W"'."""
    assert 'a middle name, "Anthony Hartnell"; an initial, "Naylor W"' in " ".join(README.split())
    for text, key in (("Anthony Hartnell", "hartnell"), ("Naylor W", "naylor")):
        found = [row[0] for row in candidate_scores(demo["coordinator"], Query(text=text))]
        assert found and found[0] == case(key).pk, text


# The two case stories of the seeds, told end to end across the parts (README, "The two seed stories in the demo").

def _near(a: datetime.date, b: datetime.date, days: int = 7) -> bool:
    return abs((a - b).days) <= days


def test_stotts_story_seed_000_released_recalled_and_held_to_sentence_end(demo, client):  # noqa: F811
    from mappa.interventions.models import OneToOneWork
    from mappa.resettlement.models import Pathway, PathwayAction, PremisesPlacement
    from mappa.workforce.models import StaffSupervision

    today, stott = timezone.localdate(), case("stott")
    sentence = Sentence.objects.get(nominal=stott)
    first, second = sentence.recalls.order_by("requested_on")
    released, recalled = first.re_released_on, second.returned_to_custody_on
    # Released on licence, recalled for testing it; released again, recalled again; no licence next time.
    assert sentence.released_on < first.requested_on < released < second.requested_on <= recalled < today
    assert second.re_released_on is None and recalled < sentence.sentence_expiry and sentence.licence_end == sentence.sentence_expiry
    # Approved premises with hourly reporting from the second release, left on the recall, as the register says.
    placement = PremisesPlacement.objects.get(nominal=stott)
    assert placement.referral.decision == "accepted" and placement.referral.referred_on < released
    assert (placement.arrived_on, placement.departed_on, placement.departure) == (released, recalled, "unplanned")
    assert placement.signing_in_hours == 1 and placement.signing_in_reason
    ap = Address.objects.get(nominal=stott, kind=Address.Kind.APPROVED_PREMISES)
    assert _near(ap.moved_in, released) and _near(ap.moved_out, recalled)
    # Cognitive behavioural one-to-one work between the two, ended by the recall.
    [work] = OneToOneWork.objects.filter(nominal=stott)
    assert released <= work.started_on < work.ended_on == recalled and "recall" in work.outcome
    # Joint probation and police visits while he was out, each attended.
    visits = list(Visit.objects.filter(nominal=stott))
    assert len(visits) >= 3 and all(v.visit_agency == "joint" and v.outcome == "attended" for v in visits)
    assert all(released <= v.occurred_on < recalled for v in visits)
    # The accommodation work continues towards his release at sentence end.
    [home] = Pathway.objects.filter(nominal=stott, kind="accommodation")
    targets = [a.target_on for a in PathwayAction.objects.filter(pathway=home)]
    assert home.assessed_on > recalled and not home.outcome and max(targets) == sentence.sentence_expiry
    assert all(t > today for t in targets)
    # The police's commendation of the offender manager, in her supervision.
    assert StaffSupervision.objects.filter(supervisee=demo["om.probation"], discussed__contains="police inspector").exists()
    client.force_login(demo["ppo.police"])
    for url in (f"/resettlement/{stott.pk}/", f"/interventions/{stott.pk}/", f"/visits/{stott.pk}/"):
        assert client.get(url).status_code == 200, url


def test_dunmores_story_seed_001_from_approved_premises_to_the_end_of_his_licence(demo, client):  # noqa: F811
    from mappa.access import policy
    from mappa.interventions.models import OneToOneWork
    from mappa.licences.models import LicenceCondition, Variation
    from mappa.resettlement.models import Pathway, PathwayDetail, PremisesPlacement

    today, dunmore = timezone.localdate(), case("dunmore")
    sentence = Sentence.objects.get(nominal=dunmore)
    released, ends = sentence.released_on, sentence.licence_end
    assert released < today < ends  # the licence ends in about a month (README)
    # Approved premises first: referred at release planning, arrived on release, moved on as planned to his flat.
    placement = PremisesPlacement.objects.get(nominal=dunmore)
    assert placement.referral.decision == "accepted" and placement.referral.decided_on < released
    assert placement.arrived_on == released < placement.move_on_agreed_on < placement.departed_on < ends
    assert placement.departure == "planned" and "Harbour View" in placement.destination
    ap = Address.objects.get(nominal=dunmore, kind=Address.Kind.APPROVED_PREMISES)
    flat = Address.objects.get(nominal=dunmore, line1="Flat 12, Harbour View")
    assert _near(ap.moved_in, released) and _near(ap.moved_out, placement.departed_on)
    assert _near(flat.moved_in, placement.departed_on)
    # The curfew relaxed step by step, then ended on move-on; the residence condition follows him to the flat.
    licence = Licence.objects.get(nominal=dunmore)
    eases = list(Variation.objects.filter(licence=licence, kind="ease").order_by("decided_on"))
    assert len(eases) == 2 and released < eases[0].decided_on < eases[1].decided_on < placement.departed_on
    curfew = LicenceCondition.objects.get(licence=licence, code="curfew")
    assert curfew.ended_on == placement.departed_on and curfew.parameters["start"] == "23:00"
    assert "Harbour View" in LicenceCondition.objects.get(licence=licence, code="residence").text
    # Pathways: settled in his flat, a warehouse job (the register's work address), mental health treatment.
    pathways = {p.kind: p for p in Pathway.objects.filter(nominal=dunmore)}
    assert set(pathways) == {"accommodation", "ete", "health_substance"}
    assert pathways["accommodation"].outcome == "settled" and pathways["accommodation"].outcome_on == placement.departed_on
    work = Address.objects.get(nominal=dunmore, kind=Address.Kind.WORK)
    assert pathways["ete"].outcome == "employed" and released < pathways["ete"].outcome_on and _near(work.moved_in, pathways["ete"].outcome_on)
    detail = PathwayDetail.objects.get(pathway=pathways["health_substance"])
    assert detail.handling == "health" and detail.outcome == "in_treatment" and "Mental Health" in detail.provider
    # Only probation and health (the Criminal Justice Mental Health Team) read the health details.
    for username in ("om.probation", "mh.nurse"):
        assert policy.pathway_details_for(demo[username], nominal=dunmore).exists(), username
    assert not policy.pathway_details_for(demo["ppo.police"], nominal=dunmore).exists()
    # Victim awareness one-to-one work while on licence.
    [one_to_one] = OneToOneWork.objects.filter(nominal=dunmore)
    assert released < one_to_one.started_on < one_to_one.ended_on < today and one_to_one.outcome.startswith("Completed")
    # Police monitoring visits (a licence condition: he is not registered) and home supervision, while on licence;
    # the next police visit before the licence ends.
    assert LicenceCondition.objects.filter(licence=licence, code="police_visits", ended_on__isnull=True).exists()
    visits = list(Visit.objects.filter(nominal=dunmore).order_by("planned_for"))
    done = [v for v in visits if v.outcome]
    assert {v.visit_agency for v in done} == {"police", "probation"} and all(v.outcome == "attended" for v in done)
    assert all(released < v.occurred_on < today for v in done)
    assert [v.planned_for for v in visits if not v.outcome] and all(today < v.planned_for < ends for v in visits if not v.outcome)
    probation_visits = [v.occurred_on for v in done if v.visit_agency == "probation"]
    assert min(probation_visits) > placement.departed_on  # at his home, after move-on
    client.force_login(demo["om.probation"])
    page = client.get(f"/resettlement/{dunmore.pk}/").content.decode()
    assert "Criminal Justice Mental Health Team" in page and "Harbour View" in page
    client.force_login(demo["ppo.police"])
    page = client.get(f"/resettlement/{dunmore.pk}/").content.decode()
    assert "Harbour View" in page and "Depression" not in page


def test_the_readme_tells_where_the_seed_stories_are(demo):  # noqa: F811
    text = " ".join(README.split())
    assert "### The two seed stories in the demo" in README
    for words in ("Raymond Stott", "Kevin Dunmore", "shared/seeds/000", "shared/seeds/001"):
        assert words in text, words
