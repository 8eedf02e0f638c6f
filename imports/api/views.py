"""Imports and the supplier's price-list upload: thin views over imports.workflows and the selectors."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import IsSupplier
from shop.selectors import supplier_shop

from ..exceptions import PriceListInvalid
from ..models import ImportStatus
from ..selectors import run_for_user, runs_for_user, shop_for_user, task_status
from ..services import create_upload_run, preview_import
from ..workflows import start_all_shops_import, start_apply, start_rollback, start_shop_import
from .permissions import CanImport, IsStaffWithPermission
from .serializers import (
    ImportRunDetailSerializer,
    ImportRunSerializer,
    StartShopImportSerializer,
    SupplierUploadSerializer,
    TaskStartedSerializer,
    TaskStatusSerializer,
)

NO_SOURCE = _("Give a file or a yaml_file_path: this shop has no source file.")
UPLOAD_PARSERS = [MultiPartParser, FormParser, JSONParser]
REFUSED = {
    401: OpenApiResponse(description="Not authenticated."),
    403: OpenApiResponse(description="Neither a supplier nor staff with the import permission this step needs."),
    404: OpenApiResponse(description="Missing or not yours."),
}
FILE_ERRORS = {
    400: OpenApiResponse(description="Invalid input or price list: `{detail, errors: [{line|row, field, message}]}`."),
    413: OpenApiResponse(description="The file is over PRICELIST_MAX_BYTES."),
}
CONFLICT = {409: OpenApiResponse(description="Not in a state that allows this, or another import of the shop runs.")}


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


class StartShopImportView(APIView):
    permission_classes = [CanImport]
    staff_permission = START
    parser_classes = UPLOAD_PARSERS

    @extend_schema(request=StartShopImportSerializer, responses={202: TaskStartedSerializer, **FILE_ERRORS, **REFUSED})
    def post(self, request, shop_id: int):
        shop = shop_for_user(request.user, shop_id)
        serializer = StartShopImportSerializer(data=request.data)
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
        404: OpenApiResponse(description="A page past the end of the history."),
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

    @extend_schema(request=None, responses={202: TaskStartedSerializer, **CONFLICT, **REFUSED})
    def post(self, request, pk: int):
        return _started(start_apply(run=run_for_user(request.user, pk)))


class RollbackImportView(APIView):
    permission_classes = [CanImport]
    staff_permission = ROLL_BACK

    @extend_schema(request=None, responses={202: TaskStartedSerializer, **CONFLICT, **REFUSED})
    def post(self, request, pk: int):
        return _started(start_rollback(run=run_for_user(request.user, pk), user=request.user))


class PartnerUpdateView(APIView):
    """A supplier's own price list: `?dry_run=1` previews it (200, the diff), else it is imported (202)."""

    permission_classes = [IsSupplier]
    parser_classes = UPLOAD_PARSERS

    @extend_schema(
        request=SupplierUploadSerializer,
        responses={200: ImportRunDetailSerializer, 202: TaskStartedSerializer, **FILE_ERRORS, **REFUSED},
    )
    def post(self, request):
        shop = supplier_shop(request.user)
        serializer = SupplierUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        file, import_format = serializer.validated_data["file"], serializer.validated_data.get("format")
        if request.query_params.get("dry_run") not in ("1", "true", "yes"):
            return _started(start_shop_import(shop=shop, user=request.user, file=file, import_format=import_format))
        run = create_upload_run(shop=shop, file=file, import_format=import_format, created_by=request.user)
        run, _pricelist = preview_import(run_id=run.pk)
        if run.status == ImportStatus.FAILED:
            raise PriceListInvalid(run.errors)
        return Response(ImportRunDetailSerializer(run).data)
