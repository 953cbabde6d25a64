from django import template

from mappa.access.services import refused_requests_for

register = template.Library()


@register.inclusion_tag("access/refused_requests.html")
def refused_requests(user):
    """The supervisor's count of their team's refused requests (nothing for anyone else)."""
    return {"lines": refused_requests_for(user)}
