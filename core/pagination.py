from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination


class PageNumberPagination(BasePageNumberPagination):
    """`page` and `page_size` (default 20, at most 100), the page size every list of the API shares."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
