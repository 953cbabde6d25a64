"""Reading what this part records, in a fixed number of queries, for pages, panels, facts and the work list."""
import datetime
from dataclasses import dataclass, fields, replace

from django.urls import reverse
from django.utils import timezone

from mappa.access import policy
from mappa.arrangements.rules import specified_group
from mappa.core import facts as core_facts
from mappa.core import reference
from mappa.core.dates import day as govuk_day
from mappa.core.facts import Disposal, Facts, Flag, Sanction, Source
from mappa.orders import rules
from mappa.orders.models import (
    CivilOrder,
    Conviction,
    CustodyPeriod,
    NotificationEvent,
    NotificationRequirement,
    Recall,
    Sentence,
    label,
)

SUPERVISION_KINDS = {
    Sentence.Kind.COMMUNITY: "community_order", Sentence.Kind.SUSPENDED: "suspended_sentence",
    Sentence.Kind.HOSPITAL: "hospital_order", Sentence.Kind.HOSPITAL_RESTRICTION: "hospital_order",
    Sentence.Kind.GUARDIANSHIP: "guardianship_order",
}


@dataclass
class Snapshot:
    """Everything the legal status needs, read once."""

    convictions: list
    sentences: list
    custody: list
    recalls: list
    requirements: list
    orders: list


def snapshot(nominal, user=None) -> Snapshot:
    """Six queries whatever the history, once per page (the facts and the legal status panel share it);
    narrowed by the access policy's item rule when a user is given."""
    whole = core_facts.remember(("orders.snapshot", nominal.pk),
                                lambda: _snapshot_from(lambda model: model.objects.filter(nominal=nominal)))
    if user is None:
        return whole
    return Snapshot(*([row for row in rows if policy.may_see_item(user, row)] for rows in _parts(whole)))


def visible_snapshot(nominal, reader) -> Snapshot:
    """The snapshot as `reader` may see it (a reader of None: its unrestricted rows), for the facts."""
    return Snapshot(*([row for row in rows if policy.may_see_item(reader, row)] for rows in _parts(snapshot(nominal))))


def _parts(snap: Snapshot) -> tuple:
    return tuple(getattr(snap, f.name) for f in fields(snap))


# The columns the facts read of each record, for reading many people's records light (see _light).
# Every row carries its handling and recording agency: the sources of facts say which restricted items
# they rest on (core.facts.Source.restrictions).
RESTRICTION = ("handling", "agency_id")
SANCTION_COLUMNS = {
    Conviction: ("id", "nominal_id", "kind", "offence_code", "offence", "convicted_on", "sexual", "contact_sexual",
                 "indecent_images", "violent", "against_child", "internet_facilitated", *RESTRICTION),
    Sentence: ("id", "nominal_id", "conviction_id", "kind", "length_months", "sentenced_on", "extension_months",
               "custody_from", "licence_end", "sentence_expiry", "order_end", *RESTRICTION),
}
STATUS_COLUMNS = {
    Sentence: ("id", "nominal_id", "kind", "sentenced_on", "length_months", "custody_from", "release_date", "released_on",
               "licence_start", "licence_end", "sentence_expiry", "order_end", "disqualified_from_working_with_children",
               *RESTRICTION),
    CustodyPeriod: ("nominal_id", "kind", "sentence_id", "started_on", "expected_release", "ended_on", *RESTRICTION),
    Recall: ("nominal_id", "kind", "sentence_id", "returned_to_custody_on", "re_released_on", "fixed_term_ends_on",
             *RESTRICTION),
    NotificationRequirement: ("id", "nominal_id", "relevant_date", "indefinite", "period_months", "ends_on", "ended_early_on",
                              *RESTRICTION),
    CivilOrder: ("id", "nominal_id", "kind", "status", "starts_on", "ends_on", "until_further_order", *RESTRICTION),
}


def light_snapshots(nominals, columns: dict, reader=None) -> dict[int, Snapshot]:
    """{pk: Snapshot} for many people, of the rows `reader` may see (a reader of None: unrestricted rows),
    one query for each model in `columns`, reading only those columns (the other parts are left empty): for
    facts over a caseload, never for showing records."""
    found = {n.pk: Snapshot([], [], [], [], [], []) for n in nominals}
    for model, names in columns.items():
        for row in _light(_part(model, lambda model: policy.items_on(reader, model, found)), names):
            getattr(found[row.nominal_id], PARTS[model]).append(row)
    return found


def _light(qs, columns) -> list:
    """The rows as instances of the model built from .values() without Django's field-by-field set-up
    (facts over a caseload read thousands): its properties, choice labels and __str__ work for the
    columns read; reading any other column fails (it has no database state), never queries."""
    model = qs.model
    rows = []
    for values in qs.values(*columns):
        row = model.__new__(model)
        row.__dict__.update(values)
        rows.append(row)
    return rows


PARTS = {Conviction: "convictions", Sentence: "sentences", CustodyPeriod: "custody", Recall: "recalls",
         NotificationRequirement: "requirements", CivilOrder: "orders"}


def _part(model, qs):
    """The rows of `model` that a snapshot holds, in its order, from the queryset `qs(model)`."""
    if model is Sentence:
        return qs(model).order_by("sentenced_on", "id")
    if model is CivilOrder:
        return qs(model).filter(status__in=CivilOrder.ACTIVE)
    return qs(model)


# A person may have hundreds of convictions and sentences; what their snapshot reads of them is what the
# facts, the legal status and the access rule need, read light (see _light).
LIGHT_COLUMNS = {model: tuple(dict.fromkeys((*SANCTION_COLUMNS[model], *STATUS_COLUMNS.get(model, ()))))
                 for model in (Conviction, Sentence)}


def _snapshot_from(qs) -> Snapshot:
    return Snapshot(**{name: _light(_part(model, qs), LIGHT_COLUMNS[model]) if model in LIGHT_COLUMNS
                       else list(_part(model, qs)) for model, name in PARTS.items()})


def status_input(snap: Snapshot) -> rules.StatusInput:
    facts = rules.StatusInput()
    for s in snap.sentences:
        if s.custodial and (s.custody_from or s.sentenced_on):
            facts.custody.append(rules.CustodySpell("sentence", s.custody_from or s.sentenced_on, end=s.released_on,
                                                    expected_release=s.release_date))
        period = rules.licence_period(licence_start=s.licence_start, licence_end=s.licence_end,
                                      released_on=s.released_on, sentence_expiry=s.sentence_expiry) if s.custodial else None
        if period:
            facts.supervision.append(rules.Supervision("licence", *period))
        elif not s.custodial and s.kind in SUPERVISION_KINDS:
            facts.supervision.append(rules.Supervision(SUPERVISION_KINDS[s.kind], s.sentenced_on, s.order_end))
    for c in snap.custody:
        # A sentence's own custody is already there; separate periods add remand and recall.
        if c.kind != CustodyPeriod.Kind.SENTENCE or c.sentence_id is None:
            facts.custody.append(rules.CustodySpell(c.kind, c.started_on, end=c.ended_on, expected_release=c.expected_release))
    sentences = {s.pk: s for s in snap.sentences}
    for r in snap.recalls:
        if r.returned_to_custody_on:
            # A standard recall lasts to the end of the sentence unless the Parole Board re-releases earlier;
            # a fixed-term recall to the end of its fixed term.
            sentence = sentences.get(r.sentence_id)
            expected = sentence.sentence_expiry if sentence and r.kind == Recall.Kind.STANDARD else r.fixed_term_ends_on
            facts.custody.append(rules.CustodySpell("recall", r.returned_to_custody_on, end=r.re_released_on,
                                                    expected_release=expected))
    for n in snap.requirements:
        facts.notification.append(rules.NotificationSpell(n.relevant_date, None if n.indefinite else n.ends_on,
                                                          ended_early=n.ended_early_on))
    for o in snap.orders:
        if o.starts_on:
            facts.orders.append(rules.OrderSpell(o.short_label, o.starts_on, None if o.until_further_order else o.ends_on))
    return facts


def legal_status(nominal, user=None, today: datetime.date | None = None, snap: Snapshot | None = None) -> rules.LegalStatus:
    today = today or timezone.localdate()
    return rules.legal_status(status_input(snap or snapshot(nominal, user)), today)


def conviction_url(conviction) -> str:
    return reverse("orders:edit", args=[conviction.nominal_id, "convictions", conviction.pk])


def _conviction_urls(nominal_pk: int):
    """conviction_url for one person's many convictions, reversing once: an edit page's address is its
    list's address and the id (see urls.py)."""
    base = reverse("orders:list", args=[nominal_pk, "convictions"])
    return lambda conviction: f"{base}{conviction.pk}/"


STATUS_FIELDS = ("notification_requirements", "hospital_or_guardianship_order", "disqualified_from_working_with_children",
                 "in_custody", "on_licence", "community_order", "release_date", "released_on")


def facts_for_nominal(reader, nominal, today: datetime.date | None = None) -> Facts:
    """The facts the MAPPA category proposal and the calculators read (see mappa.core.facts), as `reader`
    may see them, from the snapshot the legal status panel shares."""
    snap, today = visible_snapshot(nominal, reader), today or timezone.localdate()
    return replace(status_facts(nominal.pk, snap, today), sanctions=sanctions(nominal.pk, snap))


def sanctions_for_nominals(reader, nominals) -> dict[int, Facts]:
    """Each person's sanctions, as facts_for_nominal gives them, from light rows (see _light)."""
    return {pk: Facts(sanctions=sanctions(pk, snap))
            for pk, snap in light_snapshots(nominals, SANCTION_COLUMNS, reader).items()}


def status_for_nominals(reader, nominals, today: datetime.date | None = None) -> dict[int, Facts]:
    """Each person's STATUS_FIELDS, as facts_for_nominal gives them, from light rows."""
    today, links = today or timezone.localdate(), Links.make()
    return {pk: status_facts(pk, snap, today, links)
            for pk, snap in light_snapshots(nominals, STATUS_COLUMNS, reader).items()}


@dataclass(frozen=True)
class Links:
    """The addresses of this part's pages that facts link to, with the URL reversed once for many people (a team's
    hundreds: reverse() is a tenth of the status facts' time) and the ids filled in, as urls.py lays them out: a
    person's overview is the part's address and their id, a record's page the overview's, its kind and its id."""

    part: str  # "/orders/"

    @classmethod
    def make(cls) -> "Links":
        return cls(reverse("orders:overview", args=[1]).removesuffix("1/"))

    def overview(self, nominal_pk: int) -> str:
        return f"{self.part}{nominal_pk}/"

    def record(self, nominal_pk: int, kind: str, pk: int) -> str:
        return f"{self.part}{nominal_pk}/{kind}/{pk}/"


def sanctions(nominal_pk: int, snap: Snapshot) -> tuple[Sanction, ...]:
    by_conviction: dict[int, list] = {}
    for s in snap.sentences:
        by_conviction.setdefault(s.conviction_id, []).append(s)
    found = []
    url_of = _conviction_urls(nominal_pk)
    for c in snap.convictions:
        sentences = by_conviction.get(c.pk, [])
        custodial = [s for s in sentences if s.custodial]
        # The reason's words come from the conviction, its custodial sentences and its last disposal.
        used = [c, *custodial, sentences[-1] if sentences else None]
        months = None
        if custodial:
            months = max(10_000.0 if s.kind in (Sentence.Kind.LIFE, Sentence.Kind.IPP) else float(s.length_months or 0)
                         for s in custodial)
        disposal = label(Sentence.Kind, sentences[-1].kind).lower() if sentences else ""
        kind = {"abroad": "conviction"}.get(c.kind, c.kind)
        found.append(Sanction(
            date=c.convicted_on, kind=kind, abroad=c.kind == Conviction.Kind.ABROAD, offence_code=c.offence_code, offence=c.offence, sexual=c.sexual,
            contact_sexual=c.contact_sexual, indecent_images=c.indecent_images, violent=c.violent,
            against_child=c.against_child, internet_facilitated=c.internet_facilitated, custodial_months=months,
            disposal=disposal, disposals=tuple(_disposal(c, s, url_of) for s in sentences),
            source=Source(f"Conviction: {c}", url_of(c), core_facts.restrictions_of(*used))))
    return tuple(found)


DISPOSAL_KINDS = {Sentence.Kind.HOSPITAL: "hospital", Sentence.Kind.HOSPITAL_RESTRICTION: "hospital",
                  Sentence.Kind.GUARDIANSHIP: "guardianship"}
INDETERMINATE = {Sentence.Kind.LIFE, Sentence.Kind.IPP}


def _disposal(conviction, s, url_of) -> Disposal:
    """A sentence as the MAPPA category rule reads it: what it is and how long the person is subject to it.
    Its source is the conviction's page (which lists its sentences), with both items' restrictions."""
    ends_on, estimated = rules.subject_until(
        custodial=s.custodial, indeterminate=s.kind in INDETERMINATE, started_on=s.custody_from or s.sentenced_on,
        length_months=s.length_months, extension_months=s.extension_months, licence_end=s.licence_end,
        sentence_expiry=s.sentence_expiry, order_end=s.order_end)
    return Disposal(
        kind="custody" if s.custodial else DISPOSAL_KINDS.get(s.kind, "other"), imposed_on=s.sentenced_on,
        custodial_months=float(s.length_months) if s.custodial and s.length_months is not None else None,
        indeterminate=s.kind in INDETERMINATE, ends_on=ends_on, ends_on_estimated=estimated, label=str(s),
        source=Source(f"Sentence: {s}", url_of(conviction), core_facts.restrictions_of(conviction, s)))


def status_facts(nominal_pk: int, snap: Snapshot, today: datetime.date, links: Links | None = None) -> Facts:
    """Notification, custody, licence and what the sentences impose (STATUS_FIELDS), from the snapshot."""
    links = links or Links.make()
    spells = status_input(snap)
    status = rules.legal_status(spells, today)
    notif = NO = Flag(False)
    for n in snap.requirements:
        finished = n.ended_early_on or (n.ends_on + datetime.timedelta(days=1) if n.ends_on and not n.indefinite else None)
        if n.relevant_date <= today and (finished is None or finished > today):
            notif = Flag(True, Source(f"Notification requirement: {n}", links.record(n.nominal_id, "notification", n.pk),
                                      core_facts.restrictions_of(n)),
                         since=n.relevant_date, until=None if n.indefinite else n.ends_on)
            break
    if not notif.value:
        for o in snap.orders:
            if o.kind in CivilOrder.NOTIFYING and o.starts_on and o.starts_on <= today and (o.until_further_order or not o.ends_on or o.ends_on >= today):
                notif = Flag(True, Source(f"Civil order: {o}", links.record(o.nominal_id, "civil-orders", o.pk),
                                          core_facts.restrictions_of(o)),
                             since=o.starts_on, until=None if o.until_further_order else o.ends_on)
                break
    hospital = next((s for s in snap.sentences if s.kind in (Sentence.Kind.HOSPITAL, Sentence.Kind.HOSPITAL_RESTRICTION,
                                                            Sentence.Kind.GUARDIANSHIP)), None)
    disqualified = next((s for s in snap.sentences if s.disqualified_from_working_with_children), None)

    def sentence_flag(s):
        if s is None:
            return NO
        return Flag(True, Source(f"Sentence: {s}", links.record(s.nominal_id, "sentences", s.pk),
                                 core_facts.restrictions_of(s)), since=s.sentenced_on)

    # Custody and licence are worked out from every sentence, custody period and recall read.
    community = None if status.in_custody else _community_order_start(spells, today)
    page = Source("Sentences and orders", links.overview(nominal_pk),
                  core_facts.restrictions_of(*snap.sentences, *snap.custody, *snap.recalls)) \
        if status.in_custody or status.on_licence or community else None
    return Facts(
        notification_requirements=notif,
        hospital_or_guardianship_order=sentence_flag(hospital),
        disqualified_from_working_with_children=sentence_flag(disqualified),
        in_custody=Flag(True, page) if status.in_custody else NO,
        on_licence=Flag(True, page, since=status.licence_start, until=status.licence_end) if status.on_licence else NO,
        community_order=Flag(True, page, since=community) if community else NO,
        release_date=status.release_date,
        released_on=None if status.in_custody else _last_release(spells, today),
    )


def _community_order_start(spells: rules.StatusInput, today: datetime.date) -> datetime.date | None:
    """When the community order or suspended sentence order the person is on today began (the latest, if more)."""
    starts = [s.start for s in spells.supervision if s.kind in ("community_order", "suspended_sentence")
              and s.start <= today and (s.end is None or s.end >= today)]
    return max(starts, default=None)


def _last_release(spells: rules.StatusInput, today: datetime.date) -> datetime.date | None:
    """The day the person last left custody (a sentence, remand or recall), on or before today."""
    return max((c.end for c in spells.custody if c.end and c.end <= today), default=None)


def in_custody_on(user, today: datetime.date, ref: str = "nominal"):
    """A condition, in SQL, that the person (the row's `ref`) is in custody on `today` by what `user` may see:
    the same spells as status_input reads (an unreleased custodial sentence, an open custody period, a recall
    not yet re-released)."""
    from django.db.models import Exists, OuterRef, Q

    def items(model):
        return policy.items_for(user, model, nominal=OuterRef(ref))

    sentence = items(Sentence).filter(kind__in=Sentence.CUSTODIAL).filter(
        Q(custody_from__lte=today) | Q(custody_from__isnull=True, sentenced_on__lte=today)).filter(
        Q(released_on__isnull=True) | Q(released_on__gt=today))
    period = items(CustodyPeriod).filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today))
    recall = items(Recall).filter(returned_to_custody_on__lte=today).filter(
        Q(re_released_on__isnull=True) | Q(re_released_on__gt=today))
    return Exists(sentence) | Exists(period) | Exists(recall)


def open_notifications(user, nominal=None):
    """Notifications not yet made, on records the user may see."""
    return policy.items_for(user, NotificationEvent, nominal=nominal).filter(received_on__isnull=True, due_on__isnull=False)


def review_schemes() -> list:
    """The rows of the indefinite-notification review scheme, oldest first (one query)."""
    from mappa.core.models import ReferenceSetting

    return list(ReferenceSetting.objects.filter(key="orders.notification.indefinite_review").order_by("effective_from"))


def review_date(requirement: NotificationRequirement, first_notified: datetime.date | None, nominal,
                schemes: list) -> datetime.date | None:
    """When an indefinite requirement may first be reviewed: the years after the first notification following
    release, and never before the review scheme itself came into force (it applies to people already subject)."""
    if not requirement.indefinite or first_notified is None or not schemes:
        return None
    in_force = [r for r in schemes if r.effective_from <= first_notified]
    scheme = in_force[-1] if in_force else schemes[0]
    age = rules.age_on(nominal.date_of_birth, requirement.relevant_date) if nominal.date_of_birth else None
    eligible = rules.review_eligible_on(first_notified=first_notified, age_at_conviction=age, review=scheme.value)
    return max(eligible, schemes[0].effective_from)


@dataclass(frozen=True)
class Figure:
    label: str
    value: int
    basis: str  # the counting basis: a snapshot date or the period


def recall_figures(revoked: list[dict], period: str) -> list[Figure]:
    """Licences revoked in the year by type and urgency, and how long arrest and return to custody took after the
    revocation (the average, in whole hours or days, over the recalls where both are recorded)."""
    def mean(values):
        return round(sum(values) / len(values)) if values else 0

    figures = [Figure("Licences revoked on recall", len(revoked), period)]
    for value, name in Recall.Kind.choices:
        figures.append(Figure(f"of which {name[0].lower()}{name[1:]}", sum(r["kind"] == value for r in revoked), period))
    for value, name in Recall.Urgency.choices:
        rows = [r for r in revoked if r["urgency"] == value]
        timed = [r["minutes_to_arrest"] for r in rows if r["minutes_to_arrest"] is not None]
        in_time = [r for r in rows if rules.within_target(r["minutes_to_arrest"], r["arrest_target_hours"])]
        returned = [r["days_to_return"] for r in rows if r["days_to_return"] is not None]
        with_arrest = f"{period}; over the {len(timed)} with the time of arrest recorded"
        figures += [
            Figure(f"{name} urgency", len(rows), period),
            Figure(f"{name} urgency: arrested within the target time", len(in_time), with_arrest),
            Figure(f"{name} urgency: average hours from revocation to arrest", mean([m / 60 for m in timed]), with_arrest),
            Figure(f"{name} urgency: average days from revocation to return to custody", mean(returned),
                   f"{period}; over the {len(returned)} returned to custody"),
        ]
    return figures


def annual_figures(user, start: datetime.date, end: datetime.date) -> list[dict]:
    """Enforcement and civil order figures for the annual report, over the records the user may see, each with
    its counting basis (a 31 March snapshot, or the whole year). A fixed number of queries."""
    from django.db.models import Count, Q

    from mappa.orders.models import Breach, FurtherOffence, OrderEvent

    period = f"{govuk_day(start)} to {govuk_day(end)}"
    snapshot_basis = f"Snapshot on {govuk_day(end)}"

    def items(model):
        return policy.items_for(user, model)

    live = Q(relevant_date__lte=end) & (Q(indefinite=True) | Q(ends_on__gte=end)) & (
        Q(ended_early_on__isnull=True) | Q(ended_early_on__gt=end))
    rsos = items(NotificationRequirement).filter(live).values("nominal").distinct().count()
    rso_people = items(NotificationRequirement).filter(live).values("nominal")
    recalls = items(Recall).filter(returned_to_custody_on__range=(start, end)).aggregate(
        rso=Count("id", filter=Q(nominal__in=rso_people)), total=Count("id"))
    revoked = list(items(Recall).filter(decision=Recall.Decision.REVOKED, decided_at__date__range=(start, end)).values(
        "kind", "urgency", "minutes_to_arrest", "arrest_target_hours", "days_to_return"))
    breaches = items(Breach).filter(occurred_on__range=(start, end)).aggregate(
        order_custody=Count("id", filter=Q(against=Breach.Against.ORDER, decision=Breach.Decision.PROSECUTION)),
        notification=Count("id", filter=Q(against=Breach.Against.NOTIFICATION, decision=Breach.Decision.PROSECUTION)))
    sfos = items(FurtherOffence).filter(serious=True, occurred_on__range=(start, end)).count()
    applied = dict(items(CivilOrder).filter(applied_on__range=(start, end)).values_list("kind").annotate(n=Count("id")))
    granted = {(k, e): n for k, e, n in items(OrderEvent).filter(occurred_on__range=(start, end), kind__in=["interim", "granted"])
               .values_list("order__kind", "kind").annotate(n=Count("id"))}
    groups = [
        {"title": "Registered sexual offenders", "figures": [
            Figure("Subject to notification requirements", rsos, snapshot_basis)]},
        {"title": "Enforcement", "figures": [
            Figure("Returned to custody for breach of licence", recalls["total"], period),
            Figure("of whom registered sexual offenders", recalls["rso"], period),
            Figure("Breaches of a civil order taken to prosecution", breaches["order_custody"], period),
            Figure("Registered sexual offenders prosecuted for breach of notification requirements", breaches["notification"], period),
            Figure("Serious further offences", sfos, period)]},
        {"title": "Recalls", "figures": recall_figures(revoked, period)},
    ]
    for kinds, title in [(("sopo", "shpo"), "Prevention orders (SOPO and SHPO)"), (("notification_order",), "Notification orders"),
                         (("fto",), "Foreign travel orders")]:
        groups.append({"title": title, "figures": [
            Figure("Applied for", sum(applied.get(k, 0) for k in kinds), period),
            Figure("Interim order issued", sum(granted.get((k, "interim"), 0) for k in kinds), period),
            Figure("Full order issued", sum(granted.get((k, "granted"), 0) for k in kinds), period)]})
    return groups


def release_point(sentence: Sentence) -> rules.ReleasePoint | None:
    """The automatic release point of a standard fixed-term sentence by the law of its day, shown beside the date
    the prison's calculation gives; None for other sentences, a term not in whole months, or a sentence before
    the rules held here (4 April 2005)."""
    months = sentence.length_months
    if sentence.kind != Sentence.Kind.IMMEDIATE_CUSTODY or not months or months != int(months):
        return None
    return release_point_of(sentence.conviction, sentenced_on=sentence.sentenced_on, months=int(months),
                            remand_days=sentence.remand_days)


def release_point_of(conviction: Conviction, *, sentenced_on: datetime.date, months: int,
                     remand_days: int) -> rules.ReleasePoint | None:
    try:
        two_thirds = reference.value("orders.release.two_thirds", sentenced_on)["rules"]
        specified = reference.value("mappa.category2.specified_offences", sentenced_on)
    except reference.MissingReferenceData:
        return None
    group = specified_group(conviction.offence_code, specified)
    maximum = conviction.maximum_penalty_years
    offence = rules.ReleaseOffence(sexual=conviction.sexual, violent=conviction.violent,
                                   schedule_15=group["part"] if group else None,
                                   life_maximum=None if maximum is None else maximum >= 999)
    return rules.release_point(sentenced_on=sentenced_on, months=months, remand_days=remand_days, offence=offence,
                               two_thirds=two_thirds, standard=reference.every_row("orders.release.standard"))
