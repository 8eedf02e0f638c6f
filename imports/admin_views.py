"""Wagtail admin "Imports": upload → preview (diff) → apply with a progress bar → history → rollback.

Thin views: forms validate, imports.services/workflows do the work, permissions come from the model
permissions of ImportRun (the "Import managers" group): add = upload/preview/apply, change = rollback,
view = history. A supplier uses the same pages for its own shop only (imports.selectors scope every run and
shop; another shop's run answers 404), and may never apply a file naming another shop.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from core.errors import DomainError
from shop.models import Shop

from .change_display import with_display
from .exceptions import PriceListTooLarge
from .models import ChangeKind, ImportFormat, ImportStatus
from .selectors import RUNNING, can_import, is_staff, latest_applied_run_id, runs_for_user, shops_for_user
from .services import (
    can_resume,
    discard_preview,
    edited_since_import,
    fail_stale_run,
    is_stale,
    run_guards,
)
from .services.guards import EMPTY_FILE, WITHDRAWALS
from .upload_limits import limit_upload_size
from .workflows import start_apply, start_preview, start_resume, start_rollback

HISTORY_PAGE_SIZE = 25
WITHDRAWAL_GUARDS = (WITHDRAWALS, EMPTY_FILE)
PERMISSIONS = {"view": "imports.view_importrun", "add": "imports.add_importrun", "change": "imports.change_importrun"}


def can(user, action: str) -> bool:
    return bool(user.is_active and can_import(user, PERMISSIONS[action]))


def _runs(request):
    return runs_for_user(request.user).defer(None)


def can_see_imports(user) -> bool:
    return any(can(user, action) for action in PERMISSIONS)


def _require(request, action: str) -> None:
    if not can(request.user, action):
        raise PermissionDenied


class UploadForm(forms.Form):
    shop = forms.ModelChoiceField(queryset=Shop.objects.none(), label=_("Shop"))
    file = forms.FileField(label=_("Price list"), help_text=_("YAML, CSV or XLSX."))
    format = forms.ChoiceField(
        label=_("Format"),
        choices=[("", _("From the file name")), *ImportFormat.choices],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        shops = shops_for_user(user).order_by("name")
        self.fields["shop"].queryset = shops
        if not is_staff(user):
            self.fields["shop"].initial = shops.first()


def index(request):
    if not can_see_imports(request.user):
        raise PermissionDenied
    runs = runs_for_user(request.user).defer("warnings", "errors")
    status = request.GET.get("status")
    if status in ImportStatus.values:
        runs = runs.filter(status=status)
    page = Paginator(runs, HISTORY_PAGE_SIZE).get_page(request.GET.get("p"))
    return TemplateResponse(
        request,
        "imports/admin/index.html",
        {
            "page": page,
            "statuses": ImportStatus.choices,
            "status": status,
            "extra": f"&status={status}" if status else "",
            "can_add": can(request.user, "add"),
        },
    )


@csrf_exempt
def upload(request):
    """The size limit goes in before the body is read, so the CSRF check (which reads it) comes after."""
    _require(request, "add")
    try:
        limit_upload_size(request)
        return _upload(request)
    except PriceListTooLarge as exc:
        form = UploadForm(user=request.user)
        form.add_error(None, exc.errors[0]["message"])
        return TemplateResponse(request, "imports/admin/upload.html", {"form": form}, status=413)


@csrf_protect
def _upload(request):
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            run, _queued = start_preview(
                shop=form.cleaned_data["shop"],
                user=request.user,
                file=form.cleaned_data["file"],
                import_format=form.cleaned_data["format"] or None,
            )
        except DomainError as exc:
            for error in getattr(exc, "errors", [{"message": exc.detail}]):
                form.add_error("file", error["message"])
        else:
            return redirect("imports:detail", run.pk)
    return TemplateResponse(request, "imports/admin/upload.html", {"form": form})


def detail(request, pk: int):
    if not can_see_imports(request.user):
        raise PermissionDenied
    run = get_object_or_404(_runs(request), pk=pk)
    kind = request.GET.get("kind") if request.GET.get("kind") in ChangeKind.values else None
    kind = kind or next(
        (
            k
            for k, count in (
                (ChangeKind.UPDATED, run.updated_count),
                (ChangeKind.CREATED, run.created_count),
                (ChangeKind.WITHDRAWN, run.withdrawn_count),
            )
            if count
        ),
        ChangeKind.UPDATED,
    )
    chunks = Paginator(run.changes.filter(kind=kind).order_by("position"), 1).get_page(request.GET.get("p"))
    guards = run_guards(run) if run.status == ImportStatus.PREVIEWED else []
    return TemplateResponse(
        request,
        "imports/admin/detail.html",
        {
            "run": run,
            "kind": kind,
            "kinds": ChangeKind.choices,
            "chunks": chunks,
            "extra": f"&kind={kind}",
            "rows": with_display(kind, chunks[0].rows) if chunks.object_list else [],
            "running": run.status in RUNNING,
            "can_apply": run.status == ImportStatus.PREVIEWED and can(request.user, "add"),
            "can_rollback": latest_applied_run_id(run.shop_id) == run.pk and can(request.user, "change"),
            "guards": guards,
            "withdrawals_guarded": any(guard.code in WITHDRAWAL_GUARDS for guard in guards),
            "withdrawn_percent": round(run.withdrawn_share * 100, 1),
            "stale": is_stale(run),
            "can_resume": can(request.user, "add") and can_resume(run),
            "can_confirm_shop_name": is_staff(request.user),
        },
    )


def _run_step(request, pk: int, step, success: str = ""):
    """One button of a run's page: needs the `add` permission, runs `step(run)`, shows its refusal (or
    `success`) as a message and goes back to the run."""
    _require(request, "add")
    run = get_object_or_404(_runs(request), pk=pk)
    try:
        step(run)
    except DomainError as exc:
        messages.error(request, exc.detail)
    else:
        if success:
            messages.success(request, success)
    return redirect("imports:detail", run.pk)


@require_POST
def apply(request, pk: int):
    return _run_step(
        request,
        pk,
        lambda run: start_apply(
            run=run,
            confirm_withdrawals=request.POST.get("confirm_withdrawals") == "1",
            confirm_shop_name=request.POST.get("confirm_shop_name") == "1" and is_staff(request.user),
        ),
    )


@require_POST
def fail(request, pk: int):
    return _run_step(request, pk, lambda run: fail_stale_run(run_id=run.pk))


@require_POST
def discard(request, pk: int):
    return _run_step(
        request,
        pk,
        lambda run: discard_preview(run_id=run.pk),
        _("The preview was discarded; nothing was written to the catalogue."),
    )


@require_POST
def resume(request, pk: int):
    return _run_step(request, pk, lambda run: start_resume(run=run))


def rollback(request, pk: int):
    _require(request, "change")
    run = get_object_or_404(_runs(request), pk=pk)
    if request.method == "POST":
        try:
            start_rollback(run=run, user=request.user, overwrite_edits=request.POST.get("overwrite_edits") == "1")
        except DomainError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, _("The import is being rolled back."))
        return redirect("imports:detail", run.pk)
    edited = edited_since_import(run) if run.status == ImportStatus.APPLIED else []
    return TemplateResponse(request, "imports/admin/rollback_confirm.html", {"run": run, "edited": edited})


def status(request, pk: int):
    if not can_see_imports(request.user):
        raise PermissionDenied
    runs = runs_for_user(request.user).select_related(None).only("status", "progress_done", "progress_total")
    run = get_object_or_404(runs, pk=pk)
    return JsonResponse(
        {
            "status": run.status,
            "status_display": run.get_status_display(),
            "done": run.progress_done,
            "total": run.progress_total,
            "finished": run.status not in RUNNING,
        }
    )
