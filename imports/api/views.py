"""Imports and the supplier's price-list upload: thin views over imports.workflows and the selectors."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api_schema import errors
from core.parsers import JSONParser
from core.permissions import IsSupplier
from shop.selectors import supplier_shop

from ..exceptions import PriceListInvalid
from ..models import ImportStatus
from ..selectors import run_for_user, runs_for_user, shop_for_user, task_status
from ..services import discard_preview, fail_stale_run
from ..upload_limits import limit_upload_size
from ..workflows import (
    start_all_shops_import,
    start_apply,
    start_preview,
    start_resume,
    start_rollback,
    start_shop_import,
)
from .permissions import CanImport, IsStaffWithPermission
from .serializers import (
    ImportRunDetailSerializer,
    ImportRunSerializer,
    RollbackSerializer,
    StaffConfirmationsSerializer,
    StartShopImportSerializer,
    SupplierUploadSerializer,
    TaskStartedSerializer,
    TaskStatusSerializer,
)

NO_SOURCE = _("Give a file or a yaml_file_path: this shop has no source file.")
UPLOAD_PARSERS = [MultiPartParser, FormParser, JSONParser]
REFUSED = errors(401, 404, described={403: "Neither a supplier nor staff with the import permission this step needs."})
FILE_ERRORS = errors(
    described={
        400: "Invalid input or price list: `{detail, errors: [{line|row, field, message}]}`.",
        413: "The file is over PRICELIST_MAX_BYTES.",
    }
)
CONFLICT = errors(
    described={
        409: "Not in a state that allows this, or another import of the shop runs; "
        "`code: confirmation_required` with `guards`, `code: preview_outdated`, `code: manual_edits` with "
        "`edited_offers`."
    }
)
QUEUE_DOWN = errors(described={503: "The task queue is unavailable; the run did not stay waiting."})


class SizeLimitedUploadView(APIView):
    """Refuses a price list over PRICELIST_MAX_BYTES (413) before its body is read or written to disk."""

    parser_classes = UPLOAD_PARSERS

    def initial(self, request, *args, **kwargs):
        limit_upload_size(request._request)
        super().initial(request, *args, **kwargs)


def _started(run) -> Response:
    return Response({"task_id": run.task_id, "import_id": run.pk}, status=status.HTTP_202_ACCEPTED)


START = "imports.add_importrun"
ROLL_BACK = "imports.change_importrun"
READ = "imports.view_importrun"
NOT_BY_PATH = _("Only staff may import a file by its path; upload the file instead.")


class StartAllShopsImportView(APIView):
    permission_classes = [IsStaffWithPermission]
    staff_permission = START

    @extend_schema(request=None, responses={202: TaskStartedSerializer, **REFUSED})
    def post(self, request):
        task_id, runs = start_all_shops_import(user=request.user)
        return Response({"task_id": task_id, "import_ids": [run.pk for run in runs]}, status=status.HTTP_202_ACCEPTED)


class StartShopImportView(SizeLimitedUploadView):
    permission_classes = [CanImport]
    staff_permission = START

    @extend_schema(
        request=StartShopImportSerializer,
        responses={202: TaskStartedSerializer, **FILE_ERRORS, **REFUSED, **QUEUE_DOWN},
    )
    def post(self, request, shop_id: int):
        shop = shop_for_user(request.user, shop_id)
        serializer = StartShopImportSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("yaml_file_path") and not (request.user.is_staff or request.user.is_superuser):
            raise PermissionDenied(NOT_BY_PATH)
        if not data.get("file") and not data.get("yaml_file_path") and not shop.source_file:
            raise PriceListInvalid([{"field": "file", "message": str(NO_SOURCE)}])
        run = start_shop_import(
            shop=shop,
            user=request.user,
            file=data.get("file"),
            path=data.get("yaml_file_path"),
            import_format=data.get("format"),
            confirm_withdrawals=data["confirm_withdrawals"],
            confirm_shop_name=data["confirm_shop_name"],
        )
        return _started(run)


class ImportStatusView(APIView):
    permission_classes = [CanImport]
    staff_permission = READ

    @extend_schema(responses={200: TaskStatusSerializer, **REFUSED})
    def get(self, request, task_id: str):
        return Response(task_status(request.user, task_id))


@extend_schema(
    responses={
        200: ImportRunSerializer(many=True),
        **REFUSED,
        **errors(described={404: "A page past the end of the history."}),
    }
)
class ImportRunListView(generics.ListAPIView):
    permission_classes = [CanImport]
    staff_permission = READ
    serializer_class = ImportRunSerializer

    def get_queryset(self):
        queryset = runs_for_user(self.request.user)
        shop_id = self.request.query_params.get("shop_id")
        if shop_id and shop_id.isdigit():
            queryset = queryset.filter(shop_id=shop_id)
        if self.request.query_params.get("status") in ImportStatus.values:
            queryset = queryset.filter(status=self.request.query_params["status"])
        return queryset


class ImportRunDetailView(APIView):
    permission_classes = [CanImport]
    staff_permission = READ

    @extend_schema(responses={200: ImportRunDetailSerializer, **REFUSED})
    def get(self, request, pk: int):
        return Response(ImportRunDetailSerializer(run_for_user(request.user, pk)).data)


class ApplyImportView(APIView):
    permission_classes = [CanImport]
    staff_permission = START

    @extend_schema(
        request=StaffConfirmationsSerializer,
        responses={202: TaskStartedSerializer, **CONFLICT, **REFUSED, **QUEUE_DOWN},
    )
    def post(self, request, pk: int):
        run = run_for_user(request.user, pk)
        serializer = StaffConfirmationsSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        return _started(start_apply(run=run, **serializer.validated_data))


class RollbackImportView(APIView):
    permission_classes = [CanImport]
    staff_permission = ROLL_BACK

    @extend_schema(
        request=RollbackSerializer, responses={202: TaskStartedSerializer, **CONFLICT, **REFUSED, **QUEUE_DOWN}
    )
    def post(self, request, pk: int):
        run = run_for_user(request.user, pk)
        serializer = RollbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _started(start_rollback(run=run, user=request.user, **serializer.validated_data))


class FailStalledImportView(APIView):
    """Mark a run whose worker died (`stale` in the detail) `failed`."""

    permission_classes = [CanImport]
    staff_permission = START

    @extend_schema(request=None, responses={200: ImportRunDetailSerializer, **CONFLICT, **REFUSED})
    def post(self, request, pk: int):
        run = fail_stale_run(run_id=run_for_user(request.user, pk).pk)
        return Response(ImportRunDetailSerializer(run).data)


class DiscardImportView(APIView):
    """Give up a previewed run: kept in the history as `discarded`, its stored file and diff deleted."""

    permission_classes = [CanImport]
    staff_permission = START

    @extend_schema(request=None, responses={200: ImportRunDetailSerializer, **CONFLICT, **REFUSED})
    def post(self, request, pk: int):
        run = discard_preview(run_id=run_for_user(request.user, pk).pk)
        return Response(ImportRunDetailSerializer(run).data)


class ResumeImportView(APIView):
    """Apply again, from its stored price list, a run whose worker died or that failed while applying."""

    permission_classes = [CanImport]
    staff_permission = START

    @extend_schema(request=None, responses={202: TaskStartedSerializer, **CONFLICT, **REFUSED, **QUEUE_DOWN})
    def post(self, request, pk: int):
        return _started(start_resume(run=run_for_user(request.user, pk)))


class SupplierPriceListUploadView(SizeLimitedUploadView):
    """A supplier's own price list: `?dry_run=1` previews it (200, the diff; a file over
    PRICELIST_INLINE_PREVIEW_MAX_BYTES is previewed by a worker: 202, poll the run), else it is imported (202)."""

    permission_classes = [IsSupplier]

    @extend_schema(
        request=SupplierUploadSerializer,
        parameters=[
            OpenApiParameter("dry_run", bool, description="Only preview the file: nothing is written to the catalogue.")
        ],
        responses={
            200: OpenApiResponse(ImportRunDetailSerializer, description="A dry run previewed inside the request."),
            202: OpenApiResponse(
                TaskStartedSerializer,
                description="Imported in the background, or a dry run of a file over "
                "PRICELIST_INLINE_PREVIEW_MAX_BYTES previewed by a worker: poll `imports/{import_id}/` "
                "until it is `previewed` or `failed`.",
            ),
            **FILE_ERRORS,
            **REFUSED,
            **QUEUE_DOWN,
        },
    )
    def post(self, request):
        shop = supplier_shop(request.user)
        serializer = SupplierUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        file, import_format = serializer.validated_data["file"], serializer.validated_data.get("format")
        confirm_withdrawals = serializer.validated_data["confirm_withdrawals"]
        if request.query_params.get("dry_run") not in ("1", "true", "yes"):
            return _started(
                start_shop_import(
                    shop=shop,
                    user=request.user,
                    file=file,
                    import_format=import_format,
                    confirm_withdrawals=confirm_withdrawals,
                )
            )
        run, queued = start_preview(
            shop=shop,
            user=request.user,
            file=file,
            import_format=import_format,
            confirm_withdrawals=confirm_withdrawals,
        )
        if queued:
            return _started(run)
        if run.status == ImportStatus.FAILED:
            raise PriceListInvalid(run.errors)
        return Response(ImportRunDetailSerializer(run).data)
