from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from mappa.core.converters import whole_number


class Pagination(PageNumberPagination):
    """Pages of 25 by default. A page size or page number that cannot be used is refused with a 400 naming it,
    rather than quietly replaced by the default (a caller asking for 500 rows would otherwise get 25 and not know)."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param, "").strip()
        if not text:
            return self.page_size
        size = whole_number(text)
        if size is None or not 1 <= size <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                f"page_size must be a whole number from 1 to {self.max_page_size}, such as 25"]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        text = request.query_params.get(self.page_query_param, "").strip()
        if text and text != "last" and (whole_number(text) is None or whole_number(text) < 1):
            raise ValidationError({self.page_query_param: ["page must be a whole number from 1, such as 2"]})
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
            elif parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1)
        return parameters
