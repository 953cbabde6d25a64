"""What the disclosure and safeguarding part shows a reader: read through the access policy, composed for that reader.
Third parties' names are replaced, for a reader policy.may_see_third_parties does not allow, by a plain note."""
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.arrangements.models import Meeting, Minute
from mappa.core import facts, reference
from mappa.core.dates import day as govuk_day
from mappa.nominals.models import Occupant, Relationship
from mappa.safeguarding import rules
from mappa.safeguarding.models import DisclosureDecision, DisclosureRequest, Marker, SafeguardingReferral

WITHHELD = "Name held by the offender manager"


@dataclass(frozen=True)
class Shown:
    """An item with the third party's name as this reader may see it."""

    item: object
    name: str
    sees_name: bool


def shown(user, nominal, item, field: str) -> Shown:
    sees = policy.may_see_third_parties(user, item, nominal)
    return Shown(item, getattr(item, field) if sees else WITHHELD, sees)


def decisions(user, nominal) -> list[Shown]:
    found = (policy.items_for(user, DisclosureDecision, nominal=nominal)
             .select_related("decided_by", "minute__meeting"))
    return [shown(user, nominal, d, "recipient") for d in found]


def requests(user, nominal) -> list[Shown]:
    return [shown(user, nominal, r, "applicant_name") for r in policy.items_for(user, DisclosureRequest, nominal=nominal)]


def referrals(user, nominal) -> list[Shown]:
    return [shown(user, nominal, r, "about") for r in policy.items_for(user, SafeguardingReferral, nominal=nominal)]


def markers(user, nominal) -> list[dict]:
    """The markers in force that this reader may see: staff safety first, then keep-apart, each as
    {"label", "text", "link", "id"}. A keep-apart marker names the other person only to a reader who may see their record;
    for anyone else it says another person on the register, and whom to ask. For the case header."""
    if not policy.can(user, policy.READ, nominal):
        return []
    today = timezone.localdate()
    found = [m for m in policy.items_for(user, Marker, nominal=nominal).select_related("other_nominal")
             if m.is_active(today)]
    others = set(policy.nominals_for(user).filter(pk__in=[m.other_nominal_id for m in found if m.other_nominal_id])
                 .values_list("pk", flat=True))
    link = reverse("safeguarding:nominal", args=[nominal.pk])
    out = []
    for marker in sorted(found, key=lambda m: (m.kind != Marker.Kind.STAFF_SAFETY, m.active_from, m.pk)):
        text = marker.text
        if marker.other_nominal_id:
            other = (marker.other_nominal.full_name if marker.other_nominal_id in others
                     else "another person on the register (ask the offender manager)")
            text = f"Keep apart from {other}. {text}"
        out.append({"label": marker.get_kind_display(), "text": text, "link": link, "id": marker.pk,
                    "staff_safety": marker.kind == Marker.Kind.STAFF_SAFETY, "marking": marker.marking})
    return out


def marac_open(user, nominal) -> bool:
    return policy.items_for(user, SafeguardingReferral, nominal=nominal).filter(
        kind=SafeguardingReferral.Kind.MARAC).exclude(outcome=SafeguardingReferral.Outcome.NO_FURTHER_ACTION).exists()


def prompts(user, nominal) -> list[rules.Prompt]:
    """New partners and children in the household, as the reader may see them, that no disclosure decision the reader
    may see answers."""
    today = timezone.localdate()
    answered = list(policy.items_for(user, DisclosureDecision, nominal=nominal)
                    .values_list("relationship_id", "occupant_id", "minute_id"))
    partners = policy.items_for(user, Relationship, nominal=nominal).filter(kind=Relationship.Kind.PARTNER)
    minutes = (policy.items_for(user, Minute, nominal=nominal).filter(
        disclosure_considered=True, meeting__kind__in=[Meeting.Kind.LEVEL2, Meeting.Kind.LEVEL3])
        .select_related("meeting").order_by("meeting__held_on", "pk"))
    children = [o for o in policy.items_for(user, Occupant, nominal=nominal).select_related("address")
                if o.is_under_18_on(today) and o.address.status == o.address.Status.CURRENT]
    return rules.open_prompts(
        partners=[(r.pk, r.other_name, r.started, r.ended) for r in partners], children=[(o.pk, o.name) for o in children],
        answered_relationships={r for r, _o, _m in answered if r}, answered_occupants={o for _r, o, _m in answered if o},
        today=today, minutes=[(m.pk, f"{m.meeting.get_kind_display()}, {govuk_day(m.meeting.held_on)}") for m in minutes],
        answered_minutes={m for _r, _o, m in answered if m})


def reasons(user, nominal, found_prompts=None) -> list[rules.Reason]:
    """Why disclosure must be considered now, from the facts the reader may see."""
    known = facts.facts_for(user, nominal, only=("sanctions", "mappa_level"))
    found_prompts = prompts(user, nominal) if found_prompts is None else found_prompts
    return rules.consideration_reasons(
        level=known.mappa_level, child_sex_offender=rules.is_child_sex_offender(known.sanctions),
        new_partner=any(p.kind == "partner" for p in found_prompts),
        child_in_household=any(p.kind == "child" for p in found_prompts))


def next_stages(user, nominal, requests_shown, today) -> dict:
    """{request id: StageDue} for the open requests shown."""
    out = {}
    for entry in requests_shown:
        request = entry.item
        try:
            timescales = reference.value("safeguarding.csods.timescales", request.received_on)
        except reference.MissingReferenceData:
            continue
        stage = rules.next_stage(received_on=request.received_on, outcome=request.outcome or "",
                                 done={f: getattr(request, f) for f, _l, _k in rules.STAGES}, timescales=timescales)
        if stage:
            out[request.pk] = stage
    return out


def summary(user, nominal) -> dict:
    """The panel's and the tab's data."""
    today = timezone.localdate()
    found_prompts = prompts(user, nominal)
    data = {
        "decisions": decisions(user, nominal), "requests": requests(user, nominal), "referrals": referrals(user, nominal),
        "markers": markers(user, nominal), "prompts": found_prompts, "reasons": reasons(user, nominal, found_prompts),
        "may_record": policy.may_record_safeguarding(user, nominal), "today": today,
    }
    stages = next_stages(user, nominal, data["requests"], today)
    data["request_rows"] = [{"e": e, "stage": stages.get(e.item.pk)} for e in data["requests"]]
    data["markings"] = [e.item.marking for key in ("decisions", "requests", "referrals") for e in data[key]]
    return data
