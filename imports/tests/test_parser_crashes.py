"""Issue 21: a parser that trips over a damaged file fails its run with a message, wherever the parse runs
(background task, eager task, API dry run, admin upload); never a 500, never a run left `pending`."""

import logging
from xml.etree.ElementTree import ParseError

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.factories import SupplierFactory
from imports import selectors
from imports.models import ImportRun, ImportStatus
from imports.tasks import run_import_task
from shop.models import Offer
from shop.tests.factories import ShopFactory

from .conftest import upload

pytestmark = pytest.mark.django_db

CRASHES = [ValueError("could not convert string to float: 'x'"), IndexError("list index out of range"), ParseError()]


@pytest.fixture(params=CRASHES, ids=lambda exc: type(exc).__name__)
def crashing_parser(request, monkeypatch):
    def parse(content, *, import_format):
        raise request.param

    monkeypatch.setattr(selectors, "parse_pricelist", parse)


def assert_failed_with_message(run: ImportRun, message: str = "could not be read as XLSX") -> None:
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED
    assert message in run.errors[0]["message"] and run.errors[0]["field"] == "file"
    assert run.failure


def test_a_background_import_fails_its_run_with_the_reason(shop, crashing_parser, caplog):
    run = upload(shop, b"PK\x03\x04 damaged", "prices.xlsx")
    with caplog.at_level(logging.ERROR, logger="imports.selectors"):
        run_import_task.delay(run.pk)
    assert_failed_with_message(run)
    assert f"import {run.pk} of shop {shop.pk}: the xlsx parser failed" in caplog.text
    assert not Offer.objects.exists()


def test_the_api_dry_run_answers_400_with_the_message(crashing_parser, api_client_for):
    supplier = SupplierFactory()
    ShopFactory(owner=supplier)
    answer = api_client_for(supplier).post(
        "/api/v1/partner/update/?dry_run=1",
        {"file": SimpleUploadedFile("prices.xlsx", b"PK\x03\x04 damaged")},
        format="multipart",
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert answer.status_code == 400
    assert "не удалось прочитать как XLSX" in answer.data["errors"][0]["message"]
    assert_failed_with_message(ImportRun.objects.get(), "не удалось прочитать как XLSX")


def test_the_admin_upload_shows_the_failed_run(shop, crashing_parser, staff_client):
    client = staff_client("Import managers")
    answer = client.post(
        reverse("imports:upload"),
        {"shop": shop.pk, "file": SimpleUploadedFile("prices.xlsx", b"PK\x03\x04 damaged"), "format": ""},
    )
    run = ImportRun.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("imports:detail", args=[run.pk])
    assert_failed_with_message(run)
    assert "could not be read as XLSX" in client.get(answer["Location"]).content.decode()


def test_the_tasks_time_limit_is_not_taken_for_a_damaged_file(shop, monkeypatch):
    def parse(content, *, import_format):
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(selectors, "parse_pricelist", parse)
    run = upload(shop, b"PK\x03\x04 damaged", "prices.xlsx")
    with pytest.raises(SoftTimeLimitExceeded):
        selectors.load_pricelist(run)
