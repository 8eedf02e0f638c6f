import pytest
from django.core.management import call_command

from imports.exporters import export_pricelist
from imports.models import ImportFormat
from imports.parsers.formats import parse_pricelist

from .conftest import PRICELIST, import_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("export_format", [ImportFormat.CSV, ImportFormat.XLSX])
def test_an_exported_price_list_imports_back_unchanged(shop, export_format):
    import_text(shop, PRICELIST)
    content = export_pricelist(shop_id=shop.pk, export_format=export_format)
    parsed = parse_pricelist(content, import_format=export_format)
    assert {offer.name: offer.parameters for offer in parsed.offers}["Phone X 64GB"] == {
        "Colour": "Black",
        "Storage": "64",
    }
    run = import_text(shop, content, filename=f"export.{export_format}")
    assert (run.created_count, run.updated_count, run.unchanged_count, run.withdrawn_count) == (0, 0, 3, 0)


def test_the_export_command_writes_the_file(shop, tmp_path):
    import_text(shop, PRICELIST)
    out = tmp_path / "out.csv"
    call_command("export_pricelist", str(out), "--shop", shop.slug)
    assert (
        out.read_text().splitlines()[0]
        == "category,product,name,external_id,price,price_rrc,quantity,description,param:Colour,param:Storage"
    )


@pytest.mark.parametrize("export_format", [ImportFormat.CSV, ImportFormat.XLSX])
def test_parameters_named_like_core_columns_round_trip(shop, export_format):
    text = PRICELIST.replace("{name: Colour, value: Black}", "{name: Name, value: Black}").replace(
        '{name: Storage, value: "64"}', '{name: Price, value: "12"}'
    )
    import_text(shop, text)
    content = export_pricelist(shop_id=shop.pk, export_format=export_format)
    parsed = parse_pricelist(content, import_format=export_format)
    assert {offer.name: offer.parameters for offer in parsed.offers}["Phone X 64GB"] == {
        "Name": "Black",
        "Price": "12",
    }
    run = import_text(shop, content, filename=f"export.{export_format}")
    assert (run.created_count, run.updated_count, run.unchanged_count, run.withdrawn_count) == (0, 0, 3, 0)


def test_a_plain_parameter_column_still_reads_as_before():
    content = b"category,product,name,price,quantity,Colour\nPhones,Phone,Phone 1,10,1,Red\n"
    assert parse_pricelist(content, import_format=ImportFormat.CSV).offers[0].parameters == {"Colour": "Red"}


@pytest.mark.parametrize("export_format", [ImportFormat.CSV, ImportFormat.XLSX])
def test_an_empty_parameter_value_and_apostrophes_round_trip(shop, export_format):
    text = PRICELIST.replace('{name: Storage, value: "64"}', '{name: Storage, value: ""}').replace(
        "{name: Colour, value: White}", '{name: Colour, value: "\'"}'
    )
    import_text(shop, text)
    content = export_pricelist(shop_id=shop.pk, export_format=export_format)
    parsed = {offer.name: offer.parameters for offer in parse_pricelist(content, import_format=export_format).offers}
    assert parsed["Phone X 64GB"] == {"Colour": "Black", "Storage": ""}
    assert parsed["Phone X 128GB"] == {"Colour": "'"}
    assert parsed["USB-C cable 1m"] == {}
    run = import_text(shop, content, filename=f"export.{export_format}")
    assert (run.created_count, run.updated_count, run.unchanged_count, run.withdrawn_count) == (0, 0, 3, 0)
