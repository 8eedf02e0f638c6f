import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import SupplierFactory, UserFactory
from imports.models import ImportRun, ImportStatus
from imports.tests.factories import ImportRunFactory
from shop.models import Offer
from shop.tests.factories import ShopFactory

from ..conftest import PRICELIST, import_text, preview

pytestmark = pytest.mark.django_db


def yaml_file(text=PRICELIST, name="prices.yaml"):
    return SimpleUploadedFile(name, text.encode(), content_type="application/x-yaml")


def test_staff_imports_an_uploaded_file_and_follows_its_status(staff, shop, run_callbacks, api_client_for):
    client = api_client_for(staff)
    answer = run_callbacks(
        lambda: client.post(f"/api/v1/start-import-shop/{shop.pk}/", {"file": yaml_file()}, format="multipart")
    )
    assert answer.status_code == 202, answer.data
    run = ImportRun.objects.get(pk=answer.data["import_id"])
    assert run.task_id == answer.data["task_id"] and run.status == ImportStatus.APPLIED
    status = client.get(f"/api/v1/import-status/{run.task_id}/").data
    assert status["state"] == "SUCCESS" and status["status"] == "applied"
    assert status["progress"] == {"done": 3, "total": 3}
    assert status["result"]["imports"][0]["counts"] == {"created": 3, "updated": 0, "unchanged": 0, "withdrawn": 0}
    assert Offer.objects.filter(shop=shop).count() == 3


def test_a_path_inside_the_data_folder_is_imported(staff, shop, settings, tmp_path, run_callbacks, api_client_for):
    settings.PRICELIST_DATA_DIR = tmp_path
    (tmp_path / "mine.yaml").write_text(PRICELIST)
    answer = run_callbacks(
        lambda: api_client_for(staff).post(
            f"/api/v1/start-import-shop/{shop.pk}/", {"yaml_file_path": "mine.yaml"}, format="json"
        )
    )
    assert answer.status_code == 202
    assert ImportRun.objects.get(pk=answer.data["import_id"]).status == ImportStatus.APPLIED


@pytest.mark.parametrize("path", ["../config/settings.py", "/etc/passwd", "sub/../../x.yaml", "..", "missing.yaml"])
def test_paths_outside_the_data_folder_are_refused(staff, shop, settings, tmp_path, path, api_client_for):
    settings.PRICELIST_DATA_DIR = tmp_path / "data"
    (tmp_path / "data").mkdir()
    (tmp_path / "x.yaml").write_text(PRICELIST)
    answer = api_client_for(staff).post(
        f"/api/v1/start-import-shop/{shop.pk}/", {"yaml_file_path": path}, format="json"
    )
    assert answer.status_code == 400
    assert answer.data["errors"][0]["field"] == "path"
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("../x.yaml", "«../x.yaml» — вне папки прайс-листов: укажите путь внутри этой папки"),
        ("missing.yaml", "В папке прайс-листов нет файла «missing.yaml»: проверьте имя"),
    ],
)
def test_path_errors_name_the_path_and_what_to_do_in_the_requests_language(
    staff, shop, settings, tmp_path, path, message, api_client_for
):
    settings.PRICELIST_DATA_DIR = tmp_path
    answer = api_client_for(staff).post(
        f"/api/v1/start-import-shop/{shop.pk}/", {"yaml_file_path": path}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert answer.status_code == 400
    assert answer.data["errors"][0]["message"].startswith(message)


def test_a_file_over_the_limit_is_413(staff, shop, settings, api_client_for):
    settings.PRICELIST_MAX_BYTES = 50
    answer = api_client_for(staff).post(
        f"/api/v1/start-import-shop/{shop.pk}/", {"file": yaml_file()}, format="multipart"
    )
    assert answer.status_code == 413
    assert not ImportRun.objects.exists()


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The file is 2.5 MB; at most 2.0 MB are accepted. Split the price list into smaller files."),
        ("ru", "Размер файла — 2,5 МБ; допускается не более 2,0 МБ. Разделите прайс-лист на файлы поменьше."),
    ],
)
def test_the_413_says_the_size_and_the_limit_in_mb_in_the_requests_language(
    staff, shop, settings, api_client_for, language, message
):
    settings.PRICELIST_MAX_BYTES = 2 * 2**20
    answer = api_client_for(staff).post(
        f"/api/v1/start-import-shop/{shop.pk}/",
        {"file": yaml_file("#" * (5 * 2**19))},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert answer.status_code == 413
    assert answer.data["errors"][0]["message"] == message


def test_an_unknown_suffix_is_400(staff, shop, api_client_for):
    answer = api_client_for(staff).post(
        f"/api/v1/start-import-shop/{shop.pk}/", {"file": yaml_file(name="a.txt")}, format="multipart"
    )
    assert answer.status_code == 400 and answer.data["errors"][0]["field"] == "file"


def test_an_invalid_file_is_reported_in_the_status_and_changes_nothing(staff, shop, run_callbacks, api_client_for):
    client = api_client_for(staff)
    answer = run_callbacks(
        lambda: client.post(
            f"/api/v1/start-import-shop/{shop.pk}/",
            {"file": yaml_file(PRICELIST.replace("price: 100\n", "price: -1\n"))},
            format="multipart",
        )
    )
    status = client.get(f"/api/v1/import-status/{answer.data['task_id']}/").data
    assert status["state"] == "FAILURE"
    assert status["result"]["imports"][0]["errors"] == [
        {"line": 10, "field": "price", "message": "-1 is negative: write 0 or more."}
    ]
    assert not Offer.objects.exists()


def test_import_all_shops_runs_one_import_per_active_shop(staff, settings, tmp_path, run_callbacks, api_client_for):
    settings.PRICELIST_DATA_DIR = tmp_path
    (tmp_path / "a.yaml").write_text(PRICELIST)
    (tmp_path / "b.yaml").write_text("name: [broken")
    good, bad = ShopFactory(name="Test shop", source_file="a.yaml"), ShopFactory(source_file="b.yaml")
    ShopFactory(source_file="a.yaml", accepts_orders=False)
    ShopFactory(source_file="")
    client = api_client_for(staff)
    answer = run_callbacks(lambda: client.post("/api/v1/start-import-all-shops/"))
    assert answer.status_code == 202
    status = client.get(f"/api/v1/import-status/{answer.data['task_id']}/").data
    assert status["state"] == "SUCCESS" and status["progress"] == {"done": 2, "total": 2}
    by_shop = {item["shop_id"]: item["status"] for item in status["result"]["imports"]}
    assert by_shop == {good.pk: "applied", bad.pk: "failed"}


def test_history_detail_apply_and_rollback(staff, shop, run_callbacks, api_client_for):
    client = api_client_for(staff)
    dry = client.post(f"/api/v1/start-import-shop/{shop.pk}/", {"file": yaml_file()}, format="multipart")
    assert dry.status_code == 202
    listing = client.get("/api/v1/imports/").data
    assert listing["count"] == 1 and listing["results"][0]["id"] == dry.data["import_id"]
    first = import_text(shop, PRICELIST)
    second = import_text(shop, PRICELIST.replace("price: 100\n", "price: 90\n"))
    detail = client.get(f"/api/v1/imports/{second.pk}/").data
    assert detail["counts"] == {"created": 0, "updated": 1, "unchanged": 2, "withdrawn": 0}
    assert detail["changes"]["updated"][0]["changes"] == {"price": ["100.00", "90.00"]}
    assert client.post(f"/api/v1/imports/{first.pk}/rollback/").status_code == 409
    assert client.post(f"/api/v1/imports/{second.pk}/apply/").status_code == 409
    answer = run_callbacks(lambda: client.post(f"/api/v1/imports/{second.pk}/rollback/"))
    assert answer.status_code == 202
    second.refresh_from_db()
    assert second.status == ImportStatus.ROLLED_BACK and second.rolled_back_by == staff
    assert client.get(f"/api/v1/import-status/{answer.data['task_id']}/").data["status"] == "rolled_back"


def test_a_previewed_run_is_applied_through_the_api(staff, shop, run_callbacks, api_client_for):
    run = preview(shop, PRICELIST)
    answer = run_callbacks(lambda: api_client_for(staff).post(f"/api/v1/imports/{run.pk}/apply/"))
    assert answer.status_code == 202
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and run.task_id == answer.data["task_id"]


def test_a_supplier_sees_only_its_own_shop(shop, api_client_for):
    supplier = SupplierFactory()
    own = ShopFactory(owner=supplier)
    theirs = import_text(shop, PRICELIST)
    client = api_client_for(supplier)
    assert (
        client.post(f"/api/v1/start-import-shop/{shop.pk}/", {"file": yaml_file()}, format="multipart").status_code
        == 404
    )
    assert client.get(f"/api/v1/imports/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/imports/{theirs.pk}/rollback/").status_code == 404
    assert client.get(f"/api/v1/import-status/{theirs.task_id or 'none'}/").status_code == 404
    assert client.get("/api/v1/imports/").data["count"] == 0
    assert client.post("/api/v1/start-import-all-shops/").status_code == 403
    assert (
        client.post(f"/api/v1/start-import-shop/{own.pk}/", {"file": yaml_file()}, format="multipart").status_code
        == 202
    )


def test_clients_and_anonymous_users_are_refused(shop, api_client, api_client_for):
    assert api_client_for(UserFactory()).get("/api/v1/imports/").status_code == 403
    refused = api_client_for(UserFactory()).post("/api/v1/partner/update/")
    assert refused.status_code == 403 and refused.data["detail"] == "Only supplier accounts may do this."
    assert api_client.get("/api/v1/imports/").status_code == 401


def test_supplier_price_list_dry_run_previews_then_the_upload_imports(run_callbacks, api_client_for):
    supplier = SupplierFactory()
    shop = ShopFactory(owner=supplier, name="Test shop")
    client = api_client_for(supplier)
    dry = client.post("/api/v1/partner/update/?dry_run=1", {"file": yaml_file()}, format="multipart")
    assert dry.status_code == 200
    assert dry.data["status"] == "previewed" and dry.data["counts"]["created"] == 3
    assert not Offer.objects.exists()
    bad = client.post("/api/v1/partner/update/?dry_run=1", {"file": yaml_file("name: [")}, format="multipart")
    assert bad.status_code == 400 and bad.data["errors"][0]["field"] == "file"
    answer = run_callbacks(lambda: client.post("/api/v1/partner/update/", {"file": yaml_file()}, format="multipart"))
    assert answer.status_code == 202
    assert Offer.objects.filter(shop=shop).count() == 3
    assert client.post("/api/v1/partner/update/", {}, format="multipart").status_code == 400


def test_a_supplier_without_a_shop_gets_404(api_client_for):
    answer = api_client_for(SupplierFactory()).post(
        "/api/v1/partner/update/", {"file": yaml_file()}, format="multipart"
    )
    assert answer.status_code == 404 and answer.data["detail"] == "Your account does not own a shop."


def test_the_history_list_has_a_constant_number_of_queries(staff, shop, django_assert_max_num_queries, api_client_for):
    for _ in range(5):
        import_text(shop, PRICELIST)
    # user, its permissions (own and groups'), count, page
    with django_assert_max_num_queries(6):
        answer = api_client_for(staff).get("/api/v1/imports/")
    assert answer.data["count"] == 5


def test_the_schema_documents_the_import_operations(api_client):
    schema = api_client.get("/api/schema/", {"format": "json"}).json()
    paths = schema["paths"]
    assert set(paths["/api/v1/partner/update/"]["post"]["responses"]) == {
        "200",
        "202",
        "400",
        "401",
        "403",
        "404",
        "413",
        "503",
    }
    assert set(paths["/api/v1/imports/{id}/rollback/"]["post"]["responses"]) == {
        "202",
        "401",
        "403",
        "404",
        "409",
        "503",
    }
    assert "/api/v1/import-status/{task_id}/" in paths and "/api/v1/start-import-all-shops/" in paths


@pytest.mark.parametrize(
    "text",
    [
        "name: S\ncategories:\n  - name: C\n    products: 5\n",
        "a: " + "[" * 990 + "]" * 990 + "\n",
        "name: S\nname: T\n",
    ],
)
def test_a_malformed_upload_fails_its_run_with_the_line(staff, shop, run_callbacks, api_client_for, text):
    client = api_client_for(staff)
    answer = run_callbacks(
        lambda: client.post(f"/api/v1/start-import-shop/{shop.pk}/", {"file": yaml_file(text)}, format="multipart")
    )
    assert answer.status_code < 500
    status = client.get(f"/api/v1/import-status/{answer.data['task_id']}/").data
    assert status["state"] == "FAILURE"
    assert status["result"]["imports"][0]["errors"][0]["line"] is not None
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def staff_with(*codenames: str):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="imports", codename__in=codenames))
    return user


def test_staff_without_import_permissions_cannot_start_apply_roll_back_or_list(shop, api_client_for):
    run = ImportRunFactory(shop=shop, status=ImportStatus.PREVIEWED)
    client = api_client_for(UserFactory(is_staff=True))

    assert (
        client.post(f"/api/v1/start-import-shop/{shop.pk}/", {"file": yaml_file()}, format="multipart").status_code
        == 403
    )
    assert client.post("/api/v1/start-import-all-shops/").status_code == 403
    assert client.post(f"/api/v1/imports/{run.pk}/apply/").status_code == 403
    assert client.post(f"/api/v1/imports/{run.pk}/rollback/").status_code == 403
    assert client.get("/api/v1/imports/").status_code == 403
    assert client.get(f"/api/v1/imports/{run.pk}/").status_code == 403


def test_each_import_step_needs_its_own_model_permission(shop, api_client_for):
    run = ImportRunFactory(shop=shop, status=ImportStatus.APPLIED)
    reader = api_client_for(staff_with("view_importrun"))
    assert reader.get("/api/v1/imports/").status_code == 200
    assert reader.post(f"/api/v1/imports/{run.pk}/apply/").status_code == 403
    assert reader.post(f"/api/v1/imports/{run.pk}/rollback/").status_code == 403

    starter = api_client_for(staff_with("add_importrun"))
    assert starter.post(f"/api/v1/imports/{run.pk}/rollback/").status_code == 403
    assert starter.post(f"/api/v1/imports/{run.pk}/apply/").status_code != 403


def test_a_supplier_cannot_import_a_file_by_path(api_client_for):
    supplier = SupplierFactory()
    own = ShopFactory(owner=supplier)

    answer = api_client_for(supplier).post(
        f"/api/v1/start-import-shop/{own.pk}/", {"yaml_file_path": "shop1.yaml"}, format="json"
    )

    assert answer.status_code == 403 and answer.json()["code"] == "permission_denied"
    assert not ImportRun.objects.exists()


def test_a_preview_is_discarded_through_the_api(staff, shop, api_client_for):
    run = preview(shop, PRICELIST)
    client = api_client_for(staff)
    answer = client.post(f"/api/v1/imports/{run.pk}/discard/")
    assert answer.status_code == 200 and answer.data["status"] == "discarded"
    again = client.post(f"/api/v1/imports/{run.pk}/discard/", HTTP_ACCEPT_LANGUAGE="ru")
    assert again.status_code == 409 and "Отменить можно только" in again.data["detail"]
    assert client.post(f"/api/v1/imports/{run.pk}/apply/").status_code == 409
    assert api_client_for(SupplierFactory()).post(f"/api/v1/imports/{run.pk}/discard/").status_code == 404
    assert not Offer.objects.exists()


def test_a_large_dry_run_is_previewed_by_a_worker_and_answered_202(
    settings, api_client_for, django_capture_on_commit_callbacks
):
    settings.PRICELIST_INLINE_PREVIEW_MAX_BYTES = 100  # PRICELIST is larger
    supplier = SupplierFactory()
    ShopFactory(owner=supplier, name="Test shop")
    client = api_client_for(supplier)
    with django_capture_on_commit_callbacks() as queued:
        answer = client.post("/api/v1/partner/update/?dry_run=1", {"file": yaml_file()}, format="multipart")
    assert answer.status_code == 202
    run = ImportRun.objects.get(pk=answer.data["import_id"])
    assert run.status == ImportStatus.PENDING and run.task_id == answer.data["task_id"]  # not parsed in the request
    for callback in queued:
        callback()
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and run.created_count == 3
    assert not Offer.objects.exists()
    detail = client.get(f"/api/v1/imports/{run.pk}/")
    assert detail.status_code == 200 and detail.data["status"] == "previewed"
