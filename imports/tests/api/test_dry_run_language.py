"""Issue 21: a price list's problems, answered by the API dry run, are in the request's language whatever the
format, and a good naming an unknown category reads the same in a YML and a YAML file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from accounts.tests.factories import SupplierFactory
from shop.models import Offer
from shop.tests.factories import ShopFactory

pytestmark = pytest.mark.django_db

UNKNOWN_CATEGORY_YML = b"""\
<?xml version="1.0" encoding="UTF-8"?>
<yml_catalog date="2026-11-30 12:00">
<shop>
<name>S</name>
<categories><category id="1">C</category><category id="2" parentId="7">D</category></categories>
<offers>
<offer id="1" available="true">
<name>O</name><price>1</price><currencyId>RUB</currencyId><categoryId>9</categoryId>
</offer>
</offers>
</shop>
</yml_catalog>
"""

UNKNOWN_CATEGORY_YAML = b"""\
shop: S
categories:
  - {id: 1, name: C}
goods:
  - {id: 1, category: 9, name: O, price: 1, price_rrc: 1, quantity: 1}
"""

MISSING_COLUMN_CSV = b"category,product,name,price\nC,P,O,1\n"


@pytest.fixture
def supplier_client(api_client_for):
    supplier = SupplierFactory()
    ShopFactory(owner=supplier, name="S")
    return api_client_for(supplier)


def dry_run_messages(client, name: str, content: bytes, language: str) -> list[tuple[str, str]]:
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    with translation.override("en"):  # the request's language stays with it, not with the next tests
        answer = client.post(
            "/api/v1/partner/update/?dry_run=1", {"file": upload}, format="multipart", HTTP_ACCEPT_LANGUAGE=language
        )
    assert answer.status_code == 400, answer.data
    assert not Offer.objects.exists()
    return [(error["field"], error["message"]) for error in answer.data["errors"]]


@pytest.mark.parametrize(
    ("name", "content", "russian", "english"),
    [
        (
            "prices.yml",
            UNKNOWN_CATEGORY_YML,
            [
                ("categoryId", "В файле нет категории с идентификатором 9: укажите id из списка categories."),
                ("parentId", "В файле нет категории с идентификатором 7: укажите id из списка categories."),
            ],
            [
                ("categoryId", "No category with the id 9 in the file: use an id from the categories list."),
                ("parentId", "No category with the id 7 in the file: use an id from the categories list."),
            ],
        ),
        (
            "prices.yaml",
            UNKNOWN_CATEGORY_YAML,
            [("category", "В файле нет категории с идентификатором 9: укажите id из списка categories.")],
            [("category", "No category with the id 9 in the file: use an id from the categories list.")],
        ),
        (
            "prices.csv",
            MISSING_COLUMN_CSV,
            [("quantity", "Этот столбец отсутствует.")],
            [("quantity", "This column is missing.")],
        ),
    ],
)
def test_a_refused_dry_run_speaks_the_requests_language(supplier_client, name, content, russian, english):
    assert sorted(dry_run_messages(supplier_client, name, content, "ru")) == sorted(russian)
    assert sorted(dry_run_messages(supplier_client, name, content, "en")) == sorted(english)
