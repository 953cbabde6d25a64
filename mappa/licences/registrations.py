"""What this part adds to the case page, the work list and the navigation (see mappa.core.extensions),
and the facts and significant events it provides or listens to."""
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.core import extensions, facts
from mappa.core.dates import day as govuk_day
from mappa.nominals import events


def _current_licence_qs(qs, today):
    return qs.filter(start_date__lte=today, end_date__gte=today).filter(Q(revoked_on__isnull=True) | Q(revoked_on__gt=today))


def _licence_many(reader, nominals) -> dict:
    """On licence today, from the licences recorded here that `reader` may see: one query for any number of people."""
    from mappa.licences.models import Licence

    today = timezone.localdate()
    current = {}
    for licence in (_current_licence_qs(policy.items_on(reader, Licence, [n.pk for n in nominals]), today)
                    .order_by("nominal_id", "-start_date")):
        current.setdefault(licence.nominal_id, licence)
    return {n.pk: _on_licence(current.get(n.pk)) for n in nominals}


def _on_licence(licence) -> facts.Facts:
    if licence is None:
        return facts.Facts()
    source = facts.Source(f"Licence issued by {licence.issued_by}, {govuk_day(licence.start_date)} to {govuk_day(licence.end_date)}",
                          reverse("licences:licence", args=[licence.pk]), facts.restrictions_of(licence))
    return facts.Facts(on_licence=facts.Flag(True, source, since=licence.start_date, until=licence.end_date))


def current_licences(nominal) -> list:
    """The person's licences in force today, latest first, whoever may see them: read once per page (the
    facts, the panel and the plan's requirements share them); callers narrow them by the access policy."""
    from mappa.licences.models import Licence

    today = timezone.localdate()
    return facts.remember(("licences.current", nominal.pk), lambda: list(
        _current_licence_qs(Licence.objects.filter(nominal=nominal), today).order_by("-start_date", "-id")))


def live_conditions(nominal) -> list:
    """The conditions not yet ended of the person's current licences, whoever may see them, once per page."""
    from mappa.licences.models import LicenceCondition

    today = timezone.localdate()
    licences = [licence.pk for licence in current_licences(nominal)]
    return facts.remember(("licences.live_conditions", nominal.pk), lambda: list(
        LicenceCondition.objects.filter(nominal=nominal, licence_id__in=licences)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=today)).select_related("licence")) if licences else [])


@facts.provider(many=_licence_many, provides=("on_licence",))
def licence_facts(reader, nominal) -> facts.Facts:
    licence = next((lic for lic in current_licences(nominal) if policy.may_see_item(reader, lic)), None)
    return _on_licence(licence)


@extensions.plan_requirements
def licence_requirements(user, nominal) -> list[extensions.PlanRequirement]:
    """Each condition of a current licence, as the user may see it, for the shared risk management plan."""
    today = timezone.localdate()
    licences = {licence.pk for licence in current_licences(nominal) if policy.may_see_item(user, licence)}
    conditions = [c for c in live_conditions(nominal)
                  if c.licence_id in licences and c.added_on <= today and policy.may_see_item(user, c)]
    out = []
    for c in conditions:
        out.append(extensions.PlanRequirement(
            key=f"licences.licencecondition:{c.pk}", kind="licence_condition", text=c.text,
            source_label=f"{c.category.capitalize()} licence condition: {c.title}",
            source_url=reverse("licences:licence", args=[c.licence_id]), restrictive=True, since=c.added_on,
            handling=c.handling, code=c.code))
    return out


def panel_context(user, nominal):
    """The current licence, its conditions and the zone check warnings: a fixed number of queries."""
    from mappa.licences import queries
    from mappa.licences.models import AddressLocation, Licence, Zone, active_zones

    licences = policy.items_for(user, Licence, nominal=nominal)
    licence = next((lic for lic in current_licences(nominal) if policy.may_see_item(user, lic)), None)
    conditions = []
    if licence is not None:
        conditions = [c for c in live_conditions(nominal) if c.licence_id == licence.pk and policy.may_see_item(user, c)]
    visible_zones = {z.pk: z for z in active_zones(policy.items_for(user, Zone, nominal=nominal))}
    # Warned of as the user may be told the checks: the stored result can come from a zone they may not see.
    reader = queries.reader_for(user, nominal)
    warnings = []
    for loc in policy.items_for(user, AddressLocation, nominal=nominal).select_related("address"):
        answer = queries.for_location(reader, loc)
        if answer.flagged:
            warnings.append({"location": loc, "answer": answer})
    if licence is None and not warnings and not licences.exists():
        return {"licence": None, "conditions": [], "warnings": [], "zones": len(visible_zones), "markings": []}
    markings = [c.marking for c in conditions] + ([licence.marking] if licence else [])
    return {"licence": licence, "conditions": conditions, "warnings": warnings, "zones": len(visible_zones),
            "markings": markings, "any_licence": True}


extensions.case_panel(extensions.CasePanel("licence", "Licence and exclusion zones", "licences/_panel.html",
                                           panel_context, order=40))
extensions.case_tab(extensions.CaseTab("Licence", "licences:nominal", order=40))


@extensions.demo_data(after=("orders",))
def demo(*, users, nominals, today):
    from mappa.licences.demo import load

    load(users=users, nominals=nominals, today=today)




def _follow_sentences():
    """A licence issued under a sentence follows the sentence's licence dates (see services.follow_sentence)."""
    from mappa.licences import services  # noqa: F401  (registers follow_sentence with the orders services)


_follow_sentences()


@events.subscribe
def recheck_when_an_address_changes(event, actor):
    """A located address that becomes proposed or current is checked again against the zones, so a
    proposal inside a zone is rejected at once (the register raises the event in its transaction)."""
    from mappa.licences.models import AddressLocation
    from mappa.licences.services import recheck_locations

    if event.kind != events.Kind.ADDRESS or event.source_type != "address":
        return
    if AddressLocation.objects.filter(address_id=event.source_id).exists():
        recheck_locations(actor=actor, nominal=event.nominal, force=True)
