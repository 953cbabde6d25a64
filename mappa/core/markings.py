"""Protective markings and handling categories.

Every case record carries a marking; some items carry a handling category that narrows
who may see them (decided in mappa.access.policy). A page shows the highest marking of
what it displays.
"""
from django.db import models


class Marking(models.TextChoices):
    OFFICIAL = "OFFICIAL", "OFFICIAL"
    OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE", "OFFICIAL-SENSITIVE"


class Handling(models.TextChoices):
    NONE = "", "No extra restriction"
    VICTIM = "victim", "Victim details"
    INTELLIGENCE = "intelligence", "Intelligence with handling conditions"
    HEALTH = "health", "Health information"


_RANK = {Marking.OFFICIAL: 0, Marking.OFFICIAL_SENSITIVE: 1}


def highest(markings) -> str:
    """The marking a page must show for everything it displays: the highest classification, with the
    handling descriptor of each restricted item shown ("OFFICIAL-SENSITIVE [VICTIM DETAILS]")."""
    best, descriptors = Marking.OFFICIAL, []
    for marking in markings:
        if not marking:
            continue
        base, *rest = str(marking).split(" [")
        if _RANK.get(base, 0) > _RANK[best]:
            best = Marking(base)
        descriptors += [d.rstrip("]") for d in rest if d.rstrip("]") not in descriptors]
    order = [str(h.label).upper() for h in Handling if h]
    descriptors.sort(key=lambda d: order.index(d) if d in order else len(order))
    return " ".join([str(best), *(f"[{d}]" for d in descriptors)])


def marking_for(handling: str) -> str:
    """Restricted items are always OFFICIAL-SENSITIVE, with their handling category shown."""
    if handling:
        return f"{Marking.OFFICIAL_SENSITIVE} [{Handling(handling).label.upper()}]"
    return str(Marking.OFFICIAL_SENSITIVE)
