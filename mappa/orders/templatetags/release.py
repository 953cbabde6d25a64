"""The automatic release point shown beside a sentence: worked out only from a conviction the reader may see, since
which fraction applies says something about the offence."""
from django import template

from mappa.access import policy
from mappa.orders import queries
from mappa.orders.models import Sentence

register = template.Library()

SHOWN_FOR = {Sentence.ReleaseKind.NONE, Sentence.ReleaseKind.AUTOMATIC, Sentence.ReleaseKind.CONDITIONAL}


@register.simple_tag(takes_context=True)
def release_point(context, sentence):
    request = context.get("request")
    if request is None or sentence.release_kind not in SHOWN_FOR or sentence.released_on:
        return None
    if not policy.may_see_item(request.user, sentence.conviction):
        return None
    return queries.release_point(sentence)
