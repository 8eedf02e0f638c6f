from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from imports.models import ImportRun, ImportStatus
from imports.services import begin_apply
from shop.models import Offer

from .conftest import ONLY_CABLE, PRICELIST, catalogue_snapshot, import_text, preview

pytestmark = pytest.mark.django_db


def user_with(*codenames):
    group = Group.objects.create(name=f"Import managers {'-'.join(codenames)}")
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="imports", codename__in=codenames)
        | Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def manager(staff_client):
    """The signed-in Import manager; tests drive the admin through the same `client`."""
    return staff_client("Import managers").user


def refused(answer) -> bool:
    """Wagtail turns PermissionDenied into a redirect to the dashboard with a message."""
    return answer.status_code == 302 and answer["Location"] == reverse("wagtailadmin_home")


def upload(client, shop, text=PRICELIST, name="prices.yaml"):
    return client.post(
        reverse("imports:upload"), {"shop": shop.pk, "file": SimpleUploadedFile(name, text.encode()), "format": ""}
    )


def test_the_whole_admin_flow(client, manager, shop, django_capture_on_commit_callbacks):
    home = client.get(reverse("wagtailadmin_home"))
    assert reverse("imports:index").encode() in home.content

    answer = upload(client, shop)
    run = ImportRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("imports:detail", args=[run.pk])
    page = client.get(answer["Location"])
    assert page.status_code == 200
    assert b"Phone X 64GB" in page.content and b"Apply" in page.content
    assert not Offer.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("imports:apply", args=[run.pk]))
    assert answer.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and Offer.objects.count() == 3
    status = client.get(reverse("imports:status", args=[run.pk])).json()
    assert status == {"status": "applied", "status_display": "Applied", "done": 3, "total": 3, "finished": True}

    history = client.get(reverse("imports:index"))
    assert history.status_code == 200 and manager.email.encode() in history.content

    snapshot_after_first = catalogue_snapshot()
    upload(client, shop, PRICELIST.replace("price: 100\n", "price: 90\n"))
    second = ImportRun.objects.latest("pk")
    page = client.get(reverse("imports:detail", args=[second.pk]))
    assert "<strong>Price</strong>: 100.00\xa0₽ → 90.00\xa0₽" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[second.pk]))
    rollback_link = reverse("imports:rollback", args=[second.pk]).encode()
    assert rollback_link in client.get(reverse("imports:detail", args=[second.pk])).content
    first_page = client.get(reverse("imports:detail", args=[run.pk])).content
    assert reverse("imports:rollback", args=[run.pk]).encode() not in first_page

    confirm = client.get(reverse("imports:rollback", args=[second.pk]))
    assert confirm.status_code == 200 and b"Yes, roll it back" in confirm.content
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("imports:rollback", args=[second.pk]))
    assert answer.status_code == 302
    second.refresh_from_db()
    assert second.status == ImportStatus.ROLLED_BACK and second.rolled_back_by == manager
    assert catalogue_snapshot() == snapshot_after_first


def test_an_invalid_upload_shows_its_errors_with_line_numbers(client, manager, shop):
    upload(client, shop, PRICELIST.replace("price: 100\n", "price: -1\n"))
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.FAILED
    page = client.get(reverse("imports:detail", args=[run.pk]))
    assert b"<td>10</td><td>price</td><td>-1 is negative: write 0 or more.</td>" in page.content
    assert reverse("imports:apply", args=[run.pk]).encode() not in page.content


def test_a_wrong_kind_of_file_is_a_form_error(client, manager, shop):
    answer = upload(client, shop, name="prices.txt")
    assert answer.status_code == 200 and b"Use a .yaml" in answer.content
    assert not ImportRun.objects.exists()


def test_the_change_table_is_paginated(client, manager, shop):
    lines = ["name: Many", "categories:", "  - name: C", "    products:", "      - name: P", "        product_infos:"]
    lines += [f"          - {{name: O{i}, external_id: {i}, price: 1, price_rrc: 2, quantity: 1}}" for i in range(150)]
    upload(client, shop, "\n".join(lines) + "\n")
    run = ImportRun.objects.get()
    first = client.get(reverse("imports:detail", args=[run.pk]), {"kind": "created"})
    second = client.get(reverse("imports:detail", args=[run.pk]), {"kind": "created", "p": 2})
    assert b"Page 1 of 2" in first.content and b">O99<" in first.content and b">O100<" not in first.content
    assert b">O100<" in second.content
    assert "<td>1.00\xa0₽</td><td>2.00\xa0₽</td>" in first.content.decode()


def test_a_viewer_sees_history_but_cannot_upload_apply_or_roll_back(client, shop):
    client.force_login(user_with("view_importrun"))
    applied = import_text(shop, PRICELIST)
    previewed = preview(shop, PRICELIST)
    assert client.get(reverse("imports:index")).status_code == 200
    assert refused(client.get(reverse("imports:upload")))
    assert refused(client.post(reverse("imports:apply", args=[previewed.pk])))
    assert refused(client.post(reverse("imports:rollback", args=[applied.pk])))
    assert list(ImportRun.objects.order_by("pk").values_list("status", flat=True)) == ["applied", "previewed"]


def test_staff_outside_the_group_neither_see_nor_open_imports(client, shop):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert reverse("imports:index").encode() not in client.get(reverse("wagtailadmin_home")).content
    assert refused(client.get(reverse("imports:index")))
    assert refused(client.get(reverse("imports:upload")))
    assert refused(client.get(reverse("imports:status", args=[import_text(shop, PRICELIST).pk])))


def test_a_superuser_sees_imports(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("imports:index")).status_code == 200


RED_SHARE = b'style="color: #cd4444; font-weight: bold" data-withdrawn-share>'


def test_withdrawals_over_the_limit_are_red_and_need_the_box_ticked(
    client, manager, shop, django_capture_on_commit_callbacks
):
    import_text(shop, PRICELIST)
    upload(client, shop, ONLY_CABLE)  # withdraws 2 of the 3 offers
    run = ImportRun.objects.latest("pk")
    page = client.get(reverse("imports:detail", args=[run.pk])).content
    assert RED_SHARE + b"2 (66.7 %)</td>" in page
    assert b'data-guard="withdrawals"' in page and b'name="confirm_withdrawals"' in page
    assert b'name="confirm_shop_name"' not in page

    client.post(reverse("imports:apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and Offer.objects.filter(shop=shop, is_active=True).count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[run.pk]), {"confirm_withdrawals": "1"})
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and Offer.objects.filter(shop=shop, is_active=True).count() == 1


def test_another_shops_file_needs_its_own_box_and_the_share_stays_plain(
    client, manager, shop, django_capture_on_commit_callbacks
):
    upload(client, shop, PRICELIST.replace("name: Test shop", "name: Someone else"))
    run = ImportRun.objects.get()
    page = client.get(reverse("imports:detail", args=[run.pk])).content
    assert b'data-guard="shop_name"' in page and b'name="confirm_shop_name"' in page
    assert b'name="confirm_withdrawals"' not in page and RED_SHARE not in page

    client.post(reverse("imports:apply", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:apply", args=[run.pk]), {"confirm_shop_name": "1"})
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and Offer.objects.filter(shop=shop).count() == 3


def stalled(shop) -> ImportRun:
    """A run left `applying` by a worker that stopped sending heartbeats."""
    run = begin_apply(run_id=preview(shop, PRICELIST).pk)
    ImportRun.objects.filter(pk=run.pk).update(lease_token="dead", heartbeat_at=timezone.now() - timedelta(hours=1))
    return run


def test_a_stalled_run_shows_fail_and_resume_and_fail_works(client, manager, shop):
    run = stalled(shop)
    page = client.get(reverse("imports:detail", args=[run.pk])).content
    assert b"data-stale" in page
    assert f'action="{reverse("imports:fail", args=[run.pk])}"'.encode() in page
    assert f'action="{reverse("imports:resume", args=[run.pk])}"'.encode() in page
    assert client.get(reverse("imports:fail", args=[run.pk])).status_code == 405

    client.post(reverse("imports:fail", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and not Offer.objects.exists()
    page = client.get(reverse("imports:detail", args=[run.pk])).content
    assert b"data-stale" not in page and reverse("imports:fail", args=[run.pk]).encode() not in page


def test_resume_applies_a_stalled_run(client, manager, shop, django_capture_on_commit_callbacks):
    run = stalled(shop)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(reverse("imports:resume", args=[run.pk]))
    assert answer.status_code == 302 and answer["Location"] == reverse("imports:detail", args=[run.pk])
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLIED and Offer.objects.filter(shop=shop).count() == 3
    page = client.get(reverse("imports:detail", args=[run.pk])).content
    assert b"data-stale" not in page and reverse("imports:resume", args=[run.pk]).encode() not in page


def test_a_live_run_cannot_be_failed(client, manager, shop):
    run = begin_apply(run_id=preview(shop, PRICELIST).pk)
    page = client.get(reverse("imports:detail", args=[run.pk])).content
    assert reverse("imports:fail", args=[run.pk]).encode() not in page
    client.post(reverse("imports:fail", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.APPLYING


def test_a_preview_is_discarded_from_its_page(client, manager, shop):
    upload(client, shop)
    run = ImportRun.objects.get()
    discard = reverse("imports:discard", args=[run.pk])
    assert discard.encode() in client.get(reverse("imports:detail", args=[run.pk])).content
    answer = client.post(discard)
    assert answer.status_code == 302
    run.refresh_from_db()
    assert run.status == ImportStatus.DISCARDED
    page = client.get(reverse("imports:detail", args=[run.pk])).content.decode()
    assert "The preview was discarded" in page and discard not in page
    assert not Offer.objects.exists()


def test_a_large_upload_is_previewed_by_a_worker(client, manager, shop, settings, django_capture_on_commit_callbacks):
    settings.PRICELIST_INLINE_PREVIEW_MAX_BYTES = 100
    with django_capture_on_commit_callbacks() as queued:
        answer = upload(client, shop)
    run = ImportRun.objects.get()
    assert answer["Location"] == reverse("imports:detail", args=[run.pk]) and run.status == ImportStatus.PENDING
    assert b"import-progress" in client.get(answer["Location"]).content
    for callback in queued:
        callback()
    run.refresh_from_db()
    assert run.status == ImportStatus.PREVIEWED and not Offer.objects.exists()
