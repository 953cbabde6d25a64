"""OGRS3, OSP/DC and OSP/IIC as pure functions: worked examples computed by hand from the published
parameters (ministryofjustice/hmpps-arns-risk-actuarial-api, carried over in mappa/risk/reference/),
every band edge, properties, and plain refusals of bad input."""
import datetime
import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mappa.risk.calculators import InputError, ogrs3, osp

REF = Path(__file__).resolve().parent.parent / "mappa" / "risk" / "reference"
OGRS3 = json.loads((REF / "ogrs3.json").read_text())
OSP = json.loads((REF / "osp.json").read_text())
TODAY = datetime.date(2026, 1, 1)


def og(age, sanctions, first, code="028/01", gender="male", follow_up=None, assessed=datetime.date(2025, 7, 1)):
    conviction = datetime.date(2025, 6, 1)
    return ogrs3.Inputs(gender, datetime.date(2025 - age, 1, 1), conviction, code, sanctions, first,
                        follow_up or conviction, assessed)


# --- OGRS3: worked examples (Howard et al. 2009; parameters from the MoJ service) ---------------

def test_worked_example_at_the_low_medium_edge():
    # Male, 19 at conviction and at the start of follow-up, 3 sanctions, first at 16, domestic burglary 028/01.
    #   Copas: ln((1+2)/(10+19-16)) = ln(3/13) = -1.46634 (5 dp) x 1.25112 = -1.834567
    #   age/gender 18-20 male -0.6251; repeat offender 0.46306; offence 028 weighting -0.1239
    #   total = -0.6251 + 0.46306 - 1.834567 - 0.1239 = -2.120507
    #   two years: logistic(2.1217 - 2.120507) = logistic(0.001193) = 0.50030 -> 50% (medium)
    #   one year:  logistic(1.40256 - 2.120507) = logistic(-0.717947) = 0.32784 -> 33%
    r = ogrs3.score(og(19, 3, 16), OGRS3, today=TODAY)
    assert r.probabilities == {"one_year": 33, "two_year": 50}
    assert r.band == "medium"
    assert r.score == pytest.approx(-2.120507, abs=1e-6)
    assert [i.score for i in r.items] == [-0.6251, 0.46306, pytest.approx(-1.834567, abs=1e-6), -0.1239]


def test_worked_example_just_below_the_medium_band():
    # Male 20, 4 sanctions, first at 12: ln(4/18) = -1.50408 x 1.25112 = -1.881785;
    # total -2.167725; logistic(2.1217 - 2.167725 = -0.046025) = 0.48850 -> 49% (low)
    r = ogrs3.score(og(20, 4, 12), OGRS3, today=TODAY)
    assert (r.probabilities["two_year"], r.band) == (49, "low")


@pytest.mark.parametrize(
    "age,sanctions,first,two_year,band",
    [
        (19, 7, 16, 74, "medium"),  # ln(7/13)=-0.61904; total -1.060433; logistic(1.061267)=0.7429
        (18, 9, 12, 75, "high"),  # ln(9/16)=-0.57536; total -1.005784; logistic(1.115916)=0.7532
        (18, 12, 18, 89, "high"),  # ln(12/10)=0.18232; total -0.057836; logistic(2.063864)=0.8873
        (18, 13, 18, 90, "very_high"),  # ln(13/10)=0.26236; total 0.042304; logistic(2.164004)=0.8970
    ],
)
def test_every_band_edge(age, sanctions, first, two_year, band):
    r = ogrs3.score(og(age, sanctions, first), OGRS3, today=TODAY)
    assert (r.probabilities["two_year"], r.band) == (two_year, band)


def test_scenarios_published_with_the_moj_service():
    # ministryofjustice/hmpps-arns-risk-actuarial-api, OGRS3RiskProducerServiceTest.kt, "ACT-62" scenarios 1 and 2.
    # Scenario 1: male born 7 Dec 1965, convicted 13 May 2025 (59) of 027/00 (0.7606), follow-up from 6 Dec 2026 (60),
    # 2 sanctions, first at 47: ln(2/22) x 1.25112 = -3.00005; total -3.80169 -> 8% and 16%, low.
    one = ogrs3.Inputs("male", datetime.date(1965, 12, 7), datetime.date(2025, 5, 13), "027/00", 2, 47,
                       datetime.date(2026, 12, 6), datetime.date(2025, 6, 1))
    r = ogrs3.score(one, OGRS3, today=TODAY)
    assert (r.probabilities, r.band) == ({"one_year": 8, "two_year": 16}, "low")
    # Scenario 2 (the test gives the offence weighting as 0.1599): male born 17 Jul 1991, convicted 5 Aug 2021 (30),
    # follow-up from 12 Dec 2021, more than two years before the assessment, so age at the assessment (33, same band);
    # ln(2/19) x 1.25112 = -2.81664; total -3.51968 -> 11% and 20%, low.
    table = json.loads(json.dumps(OGRS3))
    table["offence_weights"]["116"] = [0.1599, {}]
    two = ogrs3.Inputs("male", datetime.date(1991, 7, 17), datetime.date(2021, 8, 5), "116/18", 2, 21,
                       datetime.date(2021, 12, 12), datetime.date(2025, 6, 1))
    r = ogrs3.score(two, table, today=TODAY)
    assert (r.probabilities, r.band) == ({"one_year": 11, "two_year": 20}, "low")


def test_first_time_offender_uses_the_first_sanction_weighting():
    # Woman, 35, one sanction at 35, theft 038/01 (0.6612): Copas ln(1/10) = -2.30259 x 1.25112 = -2.880816;
    # first time 0.12614; female 35-39 -1.4219; total -3.513776; two years logistic(-1.392076) = 0.19909 -> 20%
    r = ogrs3.score(og(35, 1, 35, code="038/01", gender="female"), OGRS3, today=TODAY)
    assert r.items[1].score == 0.12614
    assert r.probabilities["two_year"] == 20
    assert r.band == "low"


def test_follow_up_long_ago_takes_age_at_the_assessment():
    # Started follow-up at 19 (18-20 band) but assessed four years later at 23 (21-24 band: -1.0515).
    r = ogrs3.score(og(19, 3, 16, follow_up=datetime.date(2025, 6, 1), assessed=datetime.date(2025, 12, 31)),
                    OGRS3, today=TODAY)
    assert r.items[0].score == -0.6251
    old = ogrs3.Inputs("male", datetime.date(2006, 1, 1), datetime.date(2025, 6, 1), "028/01", 3, 16,
                       datetime.date(2025, 6, 1), datetime.date(2025, 6, 1))
    assert ogrs3.score(old, OGRS3, today=TODAY).items[0].score == -0.6251


def test_offence_codes_from_the_mapping_table():
    assert ogrs3.offence_weight("028/01", OGRS3) == -0.1239
    assert ogrs3.offence_weight("02801", OGRS3) == -0.1239
    assert ogrs3.offence_weight("004/04", OGRS3) == 0.2622  # a sub-code that differs from its group
    assert ogrs3.offence_weight("004/05", OGRS3) == 0
    assert ogrs3.offence_weight("092/60", OGRS3) == 0.0772  # inside a range of exceptions
    assert ogrs3.offence_weight("092/01", OGRS3) == -0.7956
    with pytest.raises(InputError, match="exact offence"):
        ogrs3.offence_weight("088/00", OGRS3)
    with pytest.raises(InputError, match="no OGRS3 weighting"):
        ogrs3.offence_weight("950/01", OGRS3)
    with pytest.raises(InputError, match="not in the OGRS3 offence table"):
        ogrs3.offence_weight("010/00", OGRS3)
    with pytest.raises(InputError, match="3 or 5 digits"):
        ogrs3.offence_weight("ab", OGRS3)


def test_bad_inputs_are_refused_with_plain_words():
    with pytest.raises(InputError) as e:
        ogrs3.score(ogrs3.Inputs("male", datetime.date(2000, 1, 1), datetime.date(2026, 3, 1), "028/01", 2, 15,
                                 datetime.date(2026, 3, 1), TODAY), OGRS3, today=TODAY)
    assert e.value.errors["date_of_current_conviction"] == "The date of the current conviction cannot be after today."
    with pytest.raises(InputError) as e:
        ogrs3.score(og(20, 2, 21), OGRS3, today=TODAY)
    assert "cannot come after the current conviction" in e.value.errors["age_at_first_sanction"]
    with pytest.raises(InputError) as e:
        ogrs3.score(og(9, 1, 9), OGRS3, today=TODAY)
    assert e.value.errors["date_of_birth"].startswith("OGRS3 applies from age 10")
    with pytest.raises(InputError) as e:
        ogrs3.score(og(30, 0, 20), OGRS3, today=TODAY)
    assert "at least 1" in e.value.errors["total_sanctions"]
    with pytest.raises(InputError) as e:
        ogrs3.score(og(30, 2, 20, gender="other"), OGRS3, today=TODAY)
    assert "gender" in e.value.errors


people = st.builds(
    lambda age, first_gap, n, code, gender: (age, max(10, age - first_gap), n, code, gender),
    st.integers(min_value=10, max_value=90),
    st.integers(min_value=0, max_value=60),
    st.integers(min_value=1, max_value=150),
    st.sampled_from(["028/01", "030/00", "038/01", "080/00", "105/01", "092/01", "024/01", "016/12", "009/00"]),
    st.sampled_from(["male", "female"]),
)


@settings(max_examples=300)
@given(people)
def test_one_more_sanction_never_lowers_the_probability(person):
    age, first, n, code, gender = person
    a = ogrs3.score(og(age, n, first, code, gender), OGRS3, today=TODAY)
    b = ogrs3.score(og(age, n + 1, first, code, gender), OGRS3, today=TODAY)
    assert b.probabilities["two_year"] >= a.probabilities["two_year"]
    assert b.probabilities["one_year"] >= a.probabilities["one_year"]
    assert 1 <= a.probabilities["one_year"] <= a.probabilities["two_year"] <= 99


# --- OSP/DC and OSP/IIC -------------------------------------------------------------------------

def sp(adult=0, child=0, non_contact=0, images=0, total=None, age=40, last_sexual=datetime.date(2024, 1, 1),
       last=None, follow_up=datetime.date(2024, 6, 1), assessed=datetime.date(2025, 6, 1), stranger="no",
       gender="male", custody=False):
    dob = datetime.date(follow_up.year - age, 1, 1)
    sexual = adult + child + non_contact
    return osp.Inputs(gender, dob, adult, child, non_contact, images, total if total is not None else max(1, sexual),
                      last_sexual if sexual else None, last or last_sexual, follow_up, assessed, stranger, custody)


def test_osp_dc_worked_example():
    # One contact adult sanction (5), age 40 at follow-up (20 - 40//3 = 7), 38 at the last sexual sanction (10),
    # one sanction in all (0), no stranger victim (0): 22 points -> medium (22-29).
    # probability logistic(-8.6333 + 0.1598 x 22 = -5.1177) = 0.597%
    r = osp.score_dc(sp(adult=1, age=40, last_sexual=datetime.date(2022, 1, 1)), OSP, today=TODAY)
    assert [i.score for i in r.items] == [5, 0, 0, 7, 10, 0, 0]
    assert (r.score, r.band) == (22, "medium")
    assert r.probabilities["probability"] == pytest.approx(round(100 / (1 + math.exp(5.1177)), 2))


@pytest.mark.parametrize(
    "kwargs,points,band",
    [
        (dict(non_contact=1, age=62, stranger="no"), 2 + 0 + 10, "low"),  # 62: 20 - 20 = 0
        (dict(adult=1, age=42, stranger="no"), 5 + 6 + 10, "low"),  # 21
        (dict(adult=1, age=40, stranger="no"), 5 + 7 + 10, "medium"),  # 22
        (dict(adult=1, age=37, stranger="no", total=2), 5 + 8 + 10 + 6, "medium"),  # 29
        (dict(adult=1, age=40, stranger="unknown", total=2), 5 + 7 + 10 + 6 + 2, "high"),  # 30
        (dict(adult=1, child=1, age=30, stranger="no", total=2), 5 + 3 + 10 + 10 + 6, "high"),  # 34 (age 30: 20 - 10)
        (dict(adult=2, age=40, stranger="unknown", total=2), 10 + 7 + 10 + 6 + 2, "high"),  # 35
        (dict(adult=2, age=37, stranger="unknown", total=2), 10 + 8 + 10 + 6 + 2, "very_high"),  # 36
    ],
)
def test_osp_dc_band_edges(kwargs, points, band):
    r = osp.score_dc(sp(**kwargs), OSP, today=TODAY)
    assert (r.score, r.band) == (points, band)


def test_osp_dc_band_lowered_after_five_offence_free_years_in_the_community():
    base = dict(adult=2, age=37, stranger="unknown", total=2, last_sexual=datetime.date(2012, 1, 1),
                follow_up=datetime.date(2014, 1, 1))
    r = osp.score_dc(sp(**base, assessed=datetime.date(2019, 1, 1)), OSP, today=TODAY)
    assert (r.score, r.band) == (36, "high")
    assert "Lowered one band" in r.explanation[-1]
    # Not yet five years since follow-up began, or in custody: no reduction.
    assert osp.score_dc(sp(**base, assessed=datetime.date(2018, 12, 31)), OSP, today=TODAY).band == "very_high"
    assert osp.score_dc(sp(**base, assessed=datetime.date(2019, 1, 1), custody=True), OSP, today=TODAY).band == "very_high"


def test_osp_dc_for_women_and_for_no_sexual_history():
    assert osp.score_dc(sp(adult=1, gender="female"), OSP, today=TODAY).band == "not_applicable"
    assert osp.score_dc(sp(adult=1, gender="female"), OSP, today=TODAY).probabilities["probability"] == 0.38
    assert osp.score_dc(sp(), OSP, today=TODAY).band == "not_applicable"


def test_osp_bad_inputs_are_refused():
    with pytest.raises(InputError) as e:
        osp.score_dc(sp(non_contact=1, images=2), OSP, today=TODAY)
    assert "cannot exceed" in e.value.errors["indecent_image_sanctions"]
    with pytest.raises(InputError) as e:
        osp.score_dc(sp(adult=1, age=17), OSP, today=TODAY)
    assert "from age 18" in e.value.errors["date_of_birth"]
    with pytest.raises(InputError) as e:
        osp.score_dc(sp(adult=1, last_sexual=datetime.date(2027, 1, 1)), OSP, today=TODAY)
    assert "after today" in e.value.errors["date_of_most_recent_sexual_sanction"]


@pytest.mark.parametrize(
    "kwargs,band,prob",
    [
        (dict(non_contact=2, images=2), "very_high", 10.31),
        (dict(non_contact=1, images=1, child=2), "high", 3.328),
        (dict(child=2), "medium", 0.926),
        (dict(child=1), "low", 0.634),
        (dict(), "low", 0.062),
        (dict(adult=1), "low", 0.281),
    ],
)
def test_osp_iic_hierarchy(kwargs, band, prob):
    r = osp.score_iic(sp(**kwargs), OSP, today=TODAY)
    assert (r.band, r.probabilities["probability"]) == (band, prob)


@settings(max_examples=300)
@given(
    st.integers(0, 5), st.integers(0, 5), st.integers(0, 5), st.integers(18, 80),
    st.sampled_from(["yes", "no", "unknown"]), st.sampled_from(["adult", "child"]),
    st.integers(0, 3), st.booleans(),
)
def test_one_more_contact_sexual_sanction_never_lowers_the_osp_dc_band(adult, child, non_contact, age, stranger,
                                                                       which, extra, custody):
    kwargs = dict(adult=adult, child=child, non_contact=non_contact, age=age, stranger=stranger, custody=custody,
                  last_sexual=datetime.date(2010, 1, 1), follow_up=datetime.date(2012, 1, 1),
                  assessed=datetime.date(2025, 1, 1))
    total = adult + child + non_contact + extra + 1
    before = osp.score_dc(sp(**kwargs, total=total), OSP, today=TODAY)
    kwargs[which] += 1
    after = osp.score_dc(sp(**kwargs, total=total + 1), OSP, today=TODAY)
    order = ["not_applicable", "low", "medium", "high", "very_high"]
    assert order.index(after.band) >= order.index(before.band)


def test_osp_dc_probabilities_published_with_the_moj_service():
    # OSPDCTransformationHelperTest.kt: 32 points -> 0.028756873716863567; 64 points -> 0.8311640984549419.
    r = osp.score_dc(sp(adult=1, age=39, stranger="yes", total=2), OSP, today=TODAY)
    assert (r.score, r.band, r.probabilities["probability"]) == (32, "high", 2.88)
    r = osp.score_dc(sp(adult=3, child=3, non_contact=3, age=18, last_sexual=datetime.date(2024, 1, 1),
                        follow_up=datetime.date(2024, 6, 1), stranger="yes", total=9), OSP, today=TODAY)
    assert (r.score, r.band, r.probabilities["probability"]) == (64, "very_high", 83.12)
