"""The project's routes plus views that run a deliberately slow statement, for config/tests/test_statement_timeout.py
only."""

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import path
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from config.urls import urlpatterns as project_urlpatterns


def sql_sleep(request, seconds: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [float(seconds)])
    return HttpResponse("slept")


class SqlSleepApiView(APIView):
    """The same through DRF, whose exception handler leaves database errors to Django's middleware."""

    permission_classes = [AllowAny]

    def get(self, request, seconds: str):
        sql_sleep(request, seconds)
        return Response({"slept": seconds})


def statement_timeout(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        return JsonResponse({"statement_timeout": cursor.fetchone()[0]})


urlpatterns = [
    path("api/v1/sql-sleep/<str:seconds>/", sql_sleep),
    path("admin/sql-sleep/<str:seconds>/", sql_sleep),
    path("api/v1/drf-sql-sleep/<str:seconds>/", SqlSleepApiView.as_view()),
    path("api/v1/statement-timeout/", statement_timeout),
    *project_urlpatterns,
]
