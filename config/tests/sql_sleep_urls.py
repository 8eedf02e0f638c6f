"""Views that run a deliberately slow statement, for config/tests/test_statement_timeout.py only."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import path


def sql_sleep(request, seconds: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [float(seconds)])
    return HttpResponse("slept")


def statement_timeout(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        return JsonResponse({"statement_timeout": cursor.fetchone()[0]})


urlpatterns = [
    path("api/v1/sql-sleep/<str:seconds>/", sql_sleep),
    path("admin/sql-sleep/<str:seconds>/", sql_sleep),
    path("api/v1/statement-timeout/", statement_timeout),
]
