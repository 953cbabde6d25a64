"""What the victims part shows a reader: read through the access policy, composed for that reader."""
from django.utils import timezone

from mappa.access import policy
from mappa.licences.models import LicenceCondition, Zone
from mappa.licences.rules import PROTECTS_VICTIM
from mappa.victims import rules


def holder(nominal, victims=()) -> str:
    """Whom a reader who may not see victims is told to ask: the liaison team recorded on the victims (as
    plain team names), or the offender manager."""
    from mappa.accounts.models import Team

    teams = sorted({str(t) for t in Team.objects.filter(pk__in=[v for v in victims if v]).select_related("agency")})
    if teams:
        return " or ".join(teams)
    if nominal.manager_id:
        return f"the offender manager, {nominal.manager.display_name}"
    return "the team that holds the record"


def measures(user, nominal) -> list[str]:
    """The measures that bind the offender, as the reader may see them, without naming anyone: the titles of the
    current conditions that protect a victim, and how many zones are in force."""
    today = timezone.localdate()
    titles = sorted({c.title for c in policy.items_for(user, LicenceCondition, nominal=nominal)
                     .filter(code__in=PROTECTS_VICTIM).select_related("licence")
                     if c.is_active(today) and c.licence.is_current(today)})
    zones = [z for z in policy.items_for(user, Zone, nominal=nominal) if z.is_active(today)]
    found = list(titles)
    if zones:
        found.append(f"{len(zones)} exclusion zone{'s' if len(zones) != 1 else ''} or protected place{'s' if len(zones) != 1 else ''} in force")
    return found


def summary(user, nominal) -> dict:
    """The victims panel's data: the victims in full for those may_see_victims allows; for everyone else who reads
    the record only how many there are, whom to ask, and the measures that bind the offender."""
    sees = policy.may_see_victims(user, nominal)
    count = policy.victim_count_for(user, nominal)
    data = {"sees": sees, "count": count, "measures": measures(user, nominal), "markings": []}
    if sees:
        data["victims"] = list(policy.victims_for(user, nominal).select_related("liaison_team__agency"))
        data["markings"] = [v.marking for v in data["victims"]]
        data["may_record"] = policy.may_record_victims(user, nominal)
    else:
        data["told"] = rules.summary_for_others(count, holder(nominal, policy.victim_liaison_teams(user, nominal) if count else []))
    return data
