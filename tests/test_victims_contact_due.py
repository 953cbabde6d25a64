"""When statutory victim contact is due (victims.rules.contact_due, reference "victims.contact.timescales") and the
"Victim contact due" work list: in full for the victim liaison officer and the manager, and for other partners only
that the liaison officer's input is awaited."""
import datetime

from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from mappa.core import extensions, reference
from mappa.orders import services as orders
from mappa.orders.models import Sentence
from mappa.victims import rules, services
from tests.test_victims_services import NAME, victims  # noqa: F401

D = datetime.date
TIMES = {"offer_within_days": 56, "input_before_release_days": 120, "input_valid_days": 180, "lookahead_days": 28}


def due(**kw):
    base = dict(eligible=True, sentenced_on=D(2024, 6, 1), offered_on=None, response="", ended_on=None,
                release_date=None, in_custody=True, last_input_on=None, timescales=TIMES)
    return rules.contact_due(**(base | kw))


def test_the_offer_is_due_eight_weeks_after_sentence():
    assert due() == [rules.ContactDue(rules.OFFER, "Offer statutory victim contact", D(2024, 7, 27))]
    assert due(offered_on=D(2024, 6, 20)) == []


def test_nothing_is_due_outside_the_scheme_or_after_contact_ended():
    assert due(eligible=False, release_date=D(2025, 6, 1)) == []
    assert due(ended_on=D(2024, 7, 1), release_date=D(2025, 6, 1)) == []


def test_input_before_release_for_a_victim_who_opted_in():
    release = D(2026, 6, 1)
    [found] = due(offered_on=D(2024, 6, 20), response="opted_in", release_date=release)
    assert found.kind == rules.RELEASE_INPUT and found.due == D(2026, 2, 1)  # 120 days before
    # input with the manager within 180 days of release answers it; older input does not
    assert due(offered_on=D(2024, 6, 20), response="opted_in", release_date=release, last_input_on=D(2026, 1, 1)) == []
    assert len(due(offered_on=D(2024, 6, 20), response="opted_in", release_date=release, last_input_on=D(2025, 11, 1))) == 1
    # no input asked of a victim who opted out, nor once released
    assert due(offered_on=D(2024, 6, 20), response="opted_out", release_date=release) == []
    assert due(offered_on=D(2024, 6, 20), response="opted_in", release_date=release, in_custody=False) == []


@given(st.dates(D(2006, 1, 1), D(2040, 1, 1)), st.integers(0, 4000), st.sampled_from(["", "awaiting", "opted_in", "opted_out"]))
def test_every_due_date_follows_from_the_timescales(sentenced, to_release, response):
    release = sentenced + datetime.timedelta(days=to_release)
    for item in due(sentenced_on=sentenced, release_date=release, response=response,
                    offered_on=None if response == "" else sentenced):
        if item.kind == rules.OFFER:
            assert item.due - sentenced == datetime.timedelta(days=56)
        else:
            assert response == "opted_in" and release - item.due == datetime.timedelta(days=120)


def test_the_timescales_are_reference_data_with_a_source(db):
    row = reference.in_force("victims.contact.timescales", D(2010, 1, 1))
    assert row.value["offer_within_days"] == 56 and "s.35" in row.source and "¶7.9" in row.source


def _release_in(world, days):
    sentence = Sentence.objects.get(conviction=world.conviction)
    today = timezone.localdate()
    orders.update_record(actor=world.om, item=sentence, version=sentence.version,
                         data={"custody_from": sentence.sentenced_on, "release_date": today + datetime.timedelta(days=days)})


def _lines(user):
    return [(i.what, i.url) for i in extensions.work_for(user, timezone.localdate())
            if i.kind in (rules.OFFER, rules.RELEASE_INPUT)]


def test_work_list_shows_input_due_before_release_as_each_reader_may_know_it(victims, login):  # noqa: F811
    w = victims
    _release_in(w, 100)
    for user in (w.vlo, w.om):
        assert _lines(user) == [("Victim liaison officer's input before release planning", f"/victims/{w.past.pk}/")]
    for user in (w.police, w.children):  # partners, told already that a victim is recorded
        assert _lines(user) == [(rules.AWAITED_FOR_OTHERS, f"/victims/people/{w.case.pk}/")], user.username
    # housing does not see the sentence the release comes from; the others do not answer for the case
    for user in (w.housing, w.colleague, w.south, w.admin):
        assert all(rules.AWAITED_FOR_OTHERS != what for what, _u in _lines(user))
    page = login(w.police).get("/").content.decode()
    assert "input awaited before release planning" in page and NAME not in page
    # the liaison officer's input with the manager answers it, for everyone
    services.add_contact(actor=w.vlo, victim=w.past, data={
        "occurred_on": timezone.localdate(), "method": "manager", "reached": True,
        "summary": "Told the manager what she asks of the licence"})
    assert _lines(w.vlo) == [] and _lines(w.police) == []


def test_work_list_shows_the_offer_only_to_those_who_see_victims(victims):  # noqa: F811
    w = victims
    services.change_victim(actor=w.vlo, victim=w.past, version=w.past.version,
                           data={"scheme_offered_on": None, "scheme_response": "", "scheme_responded_on": None})
    assert _lines(w.vlo) == [("Offer statutory victim contact", f"/victims/{w.past.pk}/")]
    assert _lines(w.police) == []


def test_no_line_far_from_release(victims):  # noqa: F811
    _release_in(victims, 400)
    assert _lines(victims.vlo) == [] and _lines(victims.police) == []
