import io
from decimal import Decimal

import pytest
import tablib

from imports.exceptions import PriceListInvalid, PriceListTooLarge
from imports.models import ImportFormat
from imports.parsers.formats import detect_format, parse_pricelist
from imports.parsers.tabular import parse_tabular
from imports.parsers.yaml_dialects import parse_yaml

from .conftest import PRICELIST

FLAT = """\
shop: Flat shop
categories:
  - {id: 224, name: Smartphones}
  - {id: 15, name: Accessories}
goods:
  - id: 4216292
    category: 224
    model: apple/iphone/xs-max
    name: Smartphone Apple iPhone XS Max 512GB (gold)
    price: 110000
    price_rrc: 116990
    quantity: 14
    parameters:
      "Diagonal (inch)": 6.5
      "Colour": gold
  - {id: 4216313, category: 15, name: Case, price: 500, price_rrc: 600, quantity: 0}
"""


def errors_of(call, *args, **kwargs) -> list[dict]:
    with pytest.raises(PriceListInvalid) as caught:
        call(*args, **kwargs)
    return caught.value.errors


def test_nested_yaml_becomes_offers_with_their_line_numbers():
    pricelist = parse_yaml(PRICELIST)
    assert pricelist.shop_name == "Test shop"
    assert [offer.line for offer in pricelist.offers] == [8, 16, 27]
    first = pricelist.offers[0]
    assert (first.category, first.product, first.name, first.external_id) == ("Phones", "Phone X", "Phone X 64GB", "1")
    assert (first.price, first.price_rrc, first.quantity) == (Decimal("100.00"), Decimal("120.00"), 5)
    assert first.parameters == {"Colour": "Black", "Storage": "64"}
    assert pricelist.offers[2].external_id is None
    assert pricelist.category_descriptions["Phones"] == "Mobile phones"


def test_flat_supplier_yaml_maps_local_category_ids_to_names():
    pricelist = parse_yaml(FLAT)
    phone, case = pricelist.offers
    assert phone.category == "Smartphones" and case.category == "Accessories"
    assert phone.product == "Smartphone Apple iPhone XS Max 512GB (gold)"
    assert phone.name == "apple/iphone/xs-max" and case.name == "Case"
    assert phone.external_id == "4216292"
    assert phone.parameters == {"Diagonal (inch)": "6.5", "Colour": "gold"}
    assert phone.line == 6


def test_flat_yaml_with_an_unknown_category_id_is_reported_at_its_line():
    errors = errors_of(parse_yaml, FLAT.replace("category: 224", "category: 999"))
    assert errors == [
        {
            "line": 7,
            "field": "category",
            "message": "No category with the id 999 in the file: use an id from the categories list.",
        }
    ]


def test_every_problem_is_reported_at_once_with_line_and_field():
    broken = (
        PRICELIST.replace("price: 100\n", "price: -1\n")
        .replace("quantity: 3", "quantity: 2.5")
        .replace("price: 150", "price: lots")
        .replace("name: Phone X 128GB", "name: ''")
        .replace("external_id: 2", "external_id: 1")
    )
    errors = errors_of(parse_yaml, broken)
    found = {(error["line"], error["field"]) for error in errors}
    assert {(10, "price"), (16, "name"), (18, "price"), (20, "quantity"), (16, "external_id")} <= found
    assert any("twice" in error["message"] and "line 8" in error["message"] for error in errors)


def test_a_missing_quantity_type_and_negative_quantity_are_refused():
    errors = errors_of(
        parse_yaml, PRICELIST.replace("quantity: 5", "quantity: -5").replace("quantity: 100", "quantity: x")
    )
    assert [(e["line"], e["field"]) for e in errors] == [(12, "quantity"), (27, "quantity")]


def test_the_same_offer_without_external_id_twice_is_refused():
    line = "          - {name: USB-C cable 1m, price: 10, price_rrc: 12, quantity: 100}\n"
    errors = errors_of(parse_yaml, PRICELIST + line)
    assert errors[0]["line"] == 28 and "first at line 27" in errors[0]["message"]


@pytest.mark.parametrize(
    "text",
    [
        "a: &x [1, 2]\nb: *x\n",
        "name: s\ncategories: &c []\n",
        # billion laughs: refused at the first anchor, nothing is expanded
        'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n',
    ],
)
def test_yaml_anchors_and_aliases_are_refused(text):
    errors = errors_of(parse_yaml, text)
    assert errors[0]["message"] == "YAML anchors and aliases are not allowed."
    assert errors[0]["line"] in (1, 2)


@pytest.mark.parametrize(
    "text", ["name: !!python/object:os.system ls\n", "name: !!binary aGk=\n", "name: !custom x\n", "x: !!set {a}\n"]
)
def test_yaml_tags_beyond_plain_types_are_refused(text):
    errors = errors_of(parse_yaml, text)
    assert "is not allowed" in errors[0]["message"]


@pytest.mark.parametrize("text", ["name: [unclosed\n", "- a list\n", "", "a: 1\n---\nb: 2\n"])
def test_broken_or_misshapen_yaml_is_a_file_error(text):
    errors = errors_of(parse_yaml, text)
    assert errors[0]["field"] == "file"


def test_the_size_limit_is_enforced(settings):
    settings.PRICELIST_MAX_BYTES = 100
    with pytest.raises(PriceListTooLarge) as caught:
        parse_pricelist(PRICELIST.encode(), import_format=ImportFormat.YAML)
    assert caught.value.status_code == 413


CSV = """\
category,product,name,external_id,price,price_rrc,quantity,Colour,Storage
Phones,Phone X,Phone X 64GB,1,100,120,5,Black,64
Phones,Phone X,Phone X 128GB,2,150,170,3,White,
Cables,USB-C cable,USB-C cable 1m,,10,12,100,,
"""


def test_csv_rows_become_the_same_offers_as_the_yaml():
    from_csv = parse_tabular(CSV.encode(), import_format=ImportFormat.CSV)
    from_yaml = parse_yaml(PRICELIST)
    strip = [
        (o.category, o.product, o.name, o.external_id, o.price, o.price_rrc, o.quantity, o.parameters)
        for o in from_csv.offers
    ]
    assert strip == [
        (o.category, o.product, o.name, o.external_id, o.price, o.price_rrc, o.quantity, o.parameters)
        for o in from_yaml.offers
    ]
    assert [offer.line for offer in from_csv.offers] == [2, 3, 4]


def test_csv_errors_carry_the_row_and_field():
    broken = (
        CSV.replace("Phone X 64GB,1,100", "Phone X 64GB,1,-3")
        .replace("White,", "White,")
        .replace(",3,White", ",3.5,White")
    )
    errors = errors_of(parse_tabular, broken.encode(), import_format=ImportFormat.CSV)
    assert [(e["row"], e["field"]) for e in errors] == [(2, "price"), (3, "quantity")]


def test_csv_without_required_columns_is_refused():
    errors = errors_of(parse_tabular, b"category,name\nA,B\n", import_format=ImportFormat.CSV)
    assert {e["field"] for e in errors} == {"product", "price", "quantity"}
    assert all(e["row"] == 1 for e in errors)


def test_xlsx_is_parsed_like_csv():
    dataset = tablib.Dataset(
        headers=["category", "product", "name", "external_id", "price", "price_rrc", "quantity", "Colour"]
    )
    dataset.append(["Phones", "Phone X", "Phone X 64GB", 1, 100, 120, 5, "Black"])
    dataset.append(["Phones", "Phone X", "Phone X 128GB", 2, 150.5, 170, 3.0, None])
    content = dataset.export("xlsx")
    pricelist = parse_pricelist(content, import_format=ImportFormat.XLSX)
    assert [(o.external_id, o.price, o.quantity, o.parameters) for o in pricelist.offers] == [
        ("1", Decimal("100.00"), 5, {"Colour": "Black"}),
        ("2", Decimal("150.50"), 3, {}),
    ]


def test_a_damaged_xlsx_is_a_file_error():
    errors = errors_of(parse_pricelist, io.BytesIO(b"not a zip").read(), import_format=ImportFormat.XLSX)
    assert errors[0]["field"] == "file"


def test_the_format_comes_from_the_suffix_or_is_refused():
    assert detect_format("a.YML") == ImportFormat.YAML
    assert detect_format("a.csv") == ImportFormat.CSV
    assert detect_format("a.bin", "xlsx") == ImportFormat.XLSX
    assert errors_of(detect_format, "a.txt")[0]["field"] == "file"
