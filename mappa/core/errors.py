"""Error pages: JSON for the API, the service's own pages (with their marking) for everything else."""
from django.http import JsonResponse
from django.views import defaults


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def not_found(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": "Not found: there is nothing at this address, or nothing you may see."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": "Something went wrong on our side. Try again, and if it keeps happening tell your administrator."}, status=500)
    return defaults.server_error(request)
