from mappa.core import reference


class ReferenceMemoMiddleware:
    """Reference data is read once per request, however many panels and work-list providers ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reference.remembered():
            return self.get_response(request)


class NoStoreMiddleware:
    """Pages and API replies carry case data: no browser or proxy may keep a copy (a shared computer's
    back button, a proxy's cache). Static files never reach here (WhiteNoise answers them first); a view
    that chose its own caching keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
