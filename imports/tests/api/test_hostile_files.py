"""Issues 20 and 21 through `partner/update/`: the hostile files of the reviews are refused fast with their
line and message, in the request's language, whatever the format."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.tests.factories import SupplierFactory
from shop.models import Offer
from shop.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db

HUGE_QUANTITY_YAML = (
    b"name: S\ncategories:\n  - name: C\n    products:\n      - name: P\n        product_infos:\n"
    b"          - {name: O, price: 1, quantity: 1e10000000}\n"
)


@pytest.fixture
def supplier_client(api_client_for):
    supplier = SupplierFactory()
    ShopFactory(owner=supplier, name="S")
    return api_client_for(supplier)


def dry_run(client, name: str, content: bytes, **headers):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    return client.post("/api/v1/partner/update/?dry_run=1", {"file": upload}, format="multipart", **headers)


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        (
            "prices.yaml",
            HUGE_QUANTITY_YAML,
            {"line": 7, "field": "quantity", "message": "1e10000000 is too large: at most 2147483647."},
        ),
        (
            "prices.csv",
            b"category,product,name,price,quantity\nC,P,O,1,1E+1000000\n",
            {"row": 2, "field": "quantity", "message": "1E+1000000 is too large: at most 2147483647."},
        ),
        (
            "prices.yaml",
            "name: Магазин\ncategories: []\n".encode("cp1251"),
            {
                "line": 1,
                "field": "file",
                "message": "The file is in Windows-1251, not UTF-8: save it as UTF-8 and upload it again.",
            },
        ),
        (
            "prices.yaml",
            b"<html>\n<head><title>502 Bad Gateway</title></head>\n<body>nginx</body>\n</html>\n",
            {
                "line": 1,
                "field": "file",
                "message": "This is not a price list: it needs the shop's name and a categories list (the nested "
                "format) or a goods list (the flat format). Is it the right file?",
            },
        ),
    ],
)
def test_hostile_files_are_refused_with_their_line(supplier_client, name, content, error):
    answer = dry_run(supplier_client, name, content)
    assert answer.status_code == 400, answer.data
    assert answer.data["errors"] == [error]
    assert not Offer.objects.exists()


def test_the_refusal_speaks_the_requests_language(supplier_client):
    with translation.override("en"):  # the request's language stays with it, not with the next tests
        answer = dry_run(supplier_client, "prices.yaml", HUGE_QUANTITY_YAML, HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 400
    assert answer.data["errors"][0]["message"] == "1e10000000 — слишком большое число: не более 2147483647."
