"""Error pages: problem details for the API (mappa.api.errors), the service's own pages (with their marking) for
everything else."""
from django.views import defaults

from mappa.api.errors import problem


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return problem(request, 404, "Not found: there is nothing at this address, or nothing you may see.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return problem(request, 500, "Something went wrong on our side. Try again, and if it keeps happening tell your "
                                     "administrator.")
    return defaults.server_error(request)
