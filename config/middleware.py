"""The database as web requests see it: a database that is restarting or unreachable answers 503 with
Retry-After instead of a 500, and no statement of a web request runs longer than WEB_STATEMENT_TIMEOUT_SECONDS.

The connection's health check (CONN_HEALTH_CHECKS) replaces a broken connection at the next request, so
the service recovers by itself once the database is back.
"""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5
# PostgreSQL's SQLSTATE for a statement cancelled by statement_timeout (query_canceled).
QUERY_CANCELED = "57014"


class StatementTimeoutMiddleware:
    """Every SQL statement of a web request is cancelled by PostgreSQL after WEB_STATEMENT_TIMEOUT_SECONDS
    (0: no limit), so no request can hold a connection and a CPU of the database for long; the cancelled
    query answers 503 (DatabaseUnavailableMiddleware). Celery workers, imports, migrations and management
    commands never pass through here and keep no limit.

    The limit is set on the request's first statement, in the same round trip's cursor (a request that reads
    only the cache opens no connection for it), as a session setting: it holds for the rest of the request
    and is set again by the next one, whatever connection that gets.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        milliseconds = round(settings.WEB_STATEMENT_TIMEOUT_SECONDS * 1000)
        if milliseconds <= 0 or connection.vendor != "postgresql":
            return self.get_response(request)
        with connection.execute_wrapper(_StatementTimeout(milliseconds)):
            return self.get_response(request)


class _StatementTimeout:
    """An execute wrapper that sets statement_timeout before the first statement it sees, once."""

    def __init__(self, milliseconds: int):
        self.setting = f"{milliseconds}ms"
        self.applied = False

    def __call__(self, execute, sql, params, many, context):
        if not self.applied:
            self.applied = True
            set_timeout = "SELECT set_config('statement_timeout', %s, false)"
            execute(set_timeout, [[self.setting]] if many else [self.setting], many, context)
        return execute(sql, params, many, context)


def is_statement_timeout(exception: Exception) -> bool:
    return getattr(exception.__cause__, "sqlstate", None) == QUERY_CANCELED


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if is_statement_timeout(exception):
            logger.warning("statement timeout during %s %s: %s", request.method, request.path, exception)
            detail = _("The request took too long and was stopped. Please narrow it down or try again later.")
            code = "statement_timeout"
        else:
            logger.warning("database unavailable during %s %s: %s", request.method, request.path, exception)
            detail = _("The service is briefly unavailable. Please try again in a few seconds.")
            code = "service_unavailable"
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": detail, "code": code}, status=503)
        else:
            response = HttpResponse(detail, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
