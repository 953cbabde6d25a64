"""What this part adds to the case page, the work list and the navigation (see mappa.core.extensions),
and the facts and significant events it provides or listens to."""
from dataclasses import replace

from django.db.models import F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from mappa.access import policy
from mappa.accounts.models import Role
from mappa.core import extensions, facts, reference
from mappa.core.links import address_of
from mappa.core.markings import highest
from mappa.nominals import events
from mappa.risk import rules
from mappa.risk.models import GROUPS, SETTINGS, Assessment, ReviewRequest, RiskType, Tool
from mappa.risk.queries import latest_assessments, reader_setting, rosh_groups

ROW_ORDER = [
    (RiskType.RECONVICTION, Tool.OGRS3),
    (RiskType.RECONVICTION, Tool.OSP),
    (RiskType.RECONVICTION, Tool.RM2000),
    (RiskType.LIKELIHOOD, Tool.OASYS),
    (RiskType.ROSH, Tool.OASYS),
]


def latest_by_kind(assessments, setting: str = rules.COMMUNITY, groups: dict | None = None) -> list[dict]:
    """The latest assessment of each risk type and tool, side by side (never merged into one). A risk of serious
    harm is headlined for `setting`, where the person is now (see rosh_view)."""
    latest = {}
    for a in assessments:  # ordered newest first
        latest.setdefault((a.risk_type, a.tool), a)
    rows = []
    for risk_type, tool in ROW_ORDER:
        a = latest.get((risk_type, tool))
        row = {"risk_type": RiskType(risk_type), "tool": Tool(tool), "assessment": a, "headline": a.level if a else ""}
        if a is not None and risk_type == RiskType.ROSH:
            row.update(rosh_view(a, setting, groups))
        rows.append(row)
    return rows


def rosh_view(assessment, setting: str, groups: dict | None) -> dict:
    """How a risk of serious harm assessment reads for a person now in `setting`: its headline for that setting,
    and the ratings left out of it because their group is not rated there (risk to prisoners recorded for the
    community before that was refused). An old row with no ratings by group keeps its stored headline."""
    levels = assessment.rosh_levels or {}
    if not levels:
        return {"headline": assessment.level, "setting": "", "not_counted": []}
    group_labels, where = dict(GROUPS), dict(SETTINGS)
    return {"headline": rules.rosh_headline(levels, setting, groups), "setting": where[setting].lower(),
            "not_counted": [f"{group_labels[g].lower()}, {where[s].lower()}" for g, s in rules.out_of_setting(levels, groups)]}


def panel_context(user, nominal):
    if not policy.can(user, policy.READ, nominal):
        return None
    assessments = latest_assessments(user, nominal)
    open_reviews = list(policy.items_for(user, ReviewRequest, nominal=nominal).filter(done_on__isnull=True).order_by("due")[:PANEL_REVIEWS + 1])
    more_reviews = len(open_reviews) > PANEL_REVIEWS
    open_reviews = open_reviews[:PANEL_REVIEWS]
    markings = [a.marking for a in assessments] + [r.marking for r in open_reviews]
    return {"rows": latest_by_kind(assessments, reader_setting(user, nominal), rosh_groups()),
            "open_reviews": open_reviews, "more_reviews": more_reviews,
            "markings": markings,
            "marking": highest(markings) if markings else None, "today": timezone.localdate()}


PANEL_REVIEWS = 5  # the soonest due; the rest are on the Risk page


extensions.case_panel(extensions.CasePanel("risk", "Risk assessments", "risk/_panel.html", panel_context, order=30))
extensions.case_tab(extensions.CaseTab("Risk", "risk:nominal", order=30))


def _supervises(user) -> bool:
    return user.is_authenticated and user.role == Role.SUPERVISOR and bool(user.team_id)


extensions.nav_link(extensions.NavLink(
    "Risk training", "risk:training",
    lambda u: u.is_authenticated and u.role in (Role.SUPERVISOR, Role.ADMIN), order=60))
extensions.nav_link(extensions.NavLink(
    "Scoring tables", "risk:tables", lambda u: u.is_authenticated and u.role == Role.ADMIN, order=61))


def _first(rows, key, limit: int) -> list:
    """The first `limit` rows of each `key(row)`: what each member's own list, limited, would hold."""
    counted, kept = {}, []
    for row in rows:
        counted[key(row)] = counted.get(key(row), 0) + 1
        if counted[key(row)] <= limit:
            kept.append(row)
    return kept


# What _timeliness reads of each case.
TIMELINESS_FACTS = ("notification_requirements", "in_custody", "on_licence", "community_order", "released_on")


@extensions.work_list(kinds=("risk_review", "risk_approval", "risk_rm2000", "risk_rm2000_review", "risk_oasys",
                             "risk_release"), facts=TIMELINESS_FACTS, answered=True)
def risk_work(user, today, members=None):
    """Assessment reviews asked for, assessments to approve (a supervisor's) and assessments due, on the cases the
    user manages. With `members` (a supervisor's team, see extensions.work_list): each member's, read once."""
    excluded = (Role.ADMIN, Role.EMERGENCY, Role.PARTNER_READONLY)
    if not user.is_authenticated or user.role in excluded:
        return []
    asked = [(m, whose) for m, whose in extensions.answering(user, members) if m.is_authenticated and m.role not in excluded]
    whose_of = {m.pk: whose for m, whose in asked}
    ids = list(whose_of)
    items, risk_page, assessment_page = [], address_of("risk:nominal"), address_of("risk:assessment")
    mine = policy.nominals_for(user, policy.WRITE).filter(manager_id__in=ids)
    requests = (policy.items_for(user, ReviewRequest, policy.WRITE).filter(nominal__manager_id__in=ids, done_on__isnull=True)
                .select_related("nominal"))
    requests = requests[:200] if members is None else _first(requests.order_by("pk"), lambda r: r.nominal.manager_id, 200)
    for r in requests:
        items.append(extensions.WorkItem(r.nominal_id, r.nominal.full_name, f"Review assessments: {r.reason}", r.due,
                                         risk_page(r.nominal_id), kind="risk_review",
                                         whose=whose_of[r.nominal.manager_id]))
    approvers = [(m, whose) for m, whose in asked if _supervises(m) and m.team_id == user.team_id]
    if approvers:
        waiting = (policy.items_for(user, Assessment, policy.WRITE).filter(nominal__team_id=user.team_id,
                                                                          status=Assessment.Status.COMPLETED)
                   .select_related("nominal")
                   .only("nominal_id", "risk_type", "tool", "assessed_on", "completed_at", "completed_by_id",
                         *extensions.NOMINAL_NAME))
        waiting = list(waiting.exclude(completed_by=user)[:200]) if members is None else list(waiting.order_by("pk"))
        for member, whose in approvers:
            for a in [a for a in waiting if a.completed_by_id != member.pk][:200]:
                items.append(extensions.WorkItem(a.nominal_id, a.nominal.full_name, f"Approve: {a}", a.completed_at.date(),
                                                 assessment_page(a.pk), kind="risk_approval", whose=whose))
    cases = mine.annotate(latest_rm2000=_latest(user, Tool.RM2000), latest_oasys=_latest(user, Tool.OASYS))
    cases = cases[:100] if members is None else _first(cases.order_by("pk"), lambda n: n.manager_id, 100)
    items += [replace(item, whose=whose_of[manager]) for item, manager in _timeliness(user, cases, today)]
    return items


def _latest(user, tool):
    """The date of the person's latest assessment with `tool` that is not a draft and that `user` may see, read
    with the person (one the user may not see must not take a due assessment off their list: that would tell
    them it exists)."""
    return Subquery(policy.items_for(user, Assessment, nominal=OuterRef("pk")).filter(tool=tool)
                    .exclude(status=Assessment.Status.DRAFT).order_by("-assessed_on").values("assessed_on")[:1])


def _timeliness(user, nominals, today):
    """Assessments due on the user's cases, each with the case's manager; `nominals` are annotated with their
    latest_rm2000 and latest_oasys."""
    nominals = list(nominals)
    if not nominals:
        return []
    try:
        days = {k: reference.value(f"risk.{k}", today) for k in (
            "rm2000.days_after_registration", "oasys.days_after_start", "review.days_after_event", "rm2000.review_after_days")}
    except reference.MissingReferenceData:
        return []
    items, risk_page = [], address_of("risk:nominal")
    known = facts.facts_for_many(user, nominals, only=TIMELINESS_FACTS)
    for n in nominals:
        f = known[n.pk]
        for due in rules.assessments_due(
                registered_on=rules.registration_in_community(
                    registered_on=f.notification_requirements.since if f.notification_requirements.value else None,
                    released_on=f.released_on, in_custody=f.in_custody.value),
                order_started_on=rules.supervision_started(f.on_licence.value and f.on_licence.since,
                                                           f.community_order.value and f.community_order.since),
                released_on=f.released_on, latest_rm2000=n.latest_rm2000, latest_oasys=n.latest_oasys,
                rm2000_days=days["rm2000.days_after_registration"], oasys_days=days["oasys.days_after_start"],
                review_days=days["review.days_after_event"], rm2000_review_days=days["rm2000.review_after_days"],
                today=today):
            items.append((extensions.WorkItem(n.pk, n.full_name, due.what, due.due, risk_page(n.pk),
                                              kind=f"risk_{due.kind}"), n.manager_id))
    return items


def _rosh_many(reader, nominals, in_custody: dict | None = None) -> dict:
    """The highest current risk of serious harm of each person: from their latest completed or approved
    RoSH assessment, headlined for where the person is now (in custody or in the community). Only
    unrestricted assessments and custody records, whoever the reader: the referral prompt it raises is
    acknowledged in an unrestricted record (arrangements.SuggestionSeen), so it must rest on nothing
    restricted. One query; `in_custody` ({pk: bool}), when the caller knows it, spares its custody reads."""
    from mappa.nominals.models import Nominal
    from mappa.orders.queries import in_custody_on

    today, groups = timezone.localdate(), rosh_groups()
    # Only each person's latest (a long history holds hundreds): numbered newest first within each person.
    newest_first = Window(RowNumber(), partition_by=[F("nominal_id")], order_by=[F("assessed_on").desc(), F("id").desc()])
    rows = (policy.items_on(None, Assessment, [n.pk for n in nominals]).filter(risk_type=RiskType.ROSH)
            .exclude(status=Assessment.Status.DRAFT).annotate(newest=newest_first).filter(newest=1)
            .order_by("nominal_id"))
    rows = list(rows.values_list("nominal_id", "level", "rosh_levels"))
    if in_custody is None:
        # Custody asked only of the people whose latest assessment rates by setting, in a read of its own: asked
        # beside the window it was worked out for every assessment before the latest were chosen (a quarter of a
        # second for a team of 400 with long histories).
        split = [pk for pk, _level, levels in rows if levels]
        in_custody = dict(Nominal.objects.filter(pk__any=split).annotate(custody=in_custody_on(None, today, ref="pk"))
                          .values_list("pk", "custody")) if split else {}
    rows = [(pk, level, levels, in_custody.get(pk, False)) for pk, level, levels in rows]
    latest = {}
    for nominal_id, level, levels, custody in rows:
        if nominal_id not in latest:
            latest[nominal_id] = rules.rosh_headline(levels, rules.setting_now(custody), groups) if levels else level
    return {n.pk: facts.Facts(rosh=latest.get(n.pk) or "") for n in nominals}


@facts.provider(many=_rosh_many, provides=("rosh",))
def rosh_fact(reader, nominal) -> facts.Facts:
    # Custody from the orders part's snapshot of the person, which its own facts share (no second read).
    from mappa.orders import queries

    in_custody = queries.legal_status(nominal, snap=queries.visible_snapshot(nominal, None)).in_custody
    return _rosh_many(reader, [nominal], in_custody={nominal.pk: in_custody})[nominal.pk]


@events.subscribe
def review_after_event(event, actor):
    from mappa.risk.services import on_significant_event

    on_significant_event(event, actor)


@extensions.demo_data(after=("arrangements",))
def risk_demo(*, users, nominals, today):
    from mappa.risk.demo import load

    load(users=users, nominals=nominals, today=today)
