from mappa.core import reference


class ReferenceMemoMiddleware:
    """Reference data is read once per request, however many panels and work-list providers ask."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with reference.remembered():
            return self.get_response(request)
