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
    """The marking a page must show for everything it displays."""
    best = Marking.OFFICIAL
    for marking in markings:
        if marking and _RANK.get(marking, 0) > _RANK[best]:
            best = Marking(marking)
    return str(best)


def marking_for(handling: str) -> str:
    """Restricted items are always OFFICIAL-SENSITIVE, with their handling category shown."""
    if handling:
        return f"{Marking.OFFICIAL_SENSITIVE} [{Handling(handling).label.upper()}]"
    return str(Marking.OFFICIAL_SENSITIVE)
