"""Issue 11: a big YAML file read in slices means exactly what it means read whole.

Each text is parsed twice, whole (the slice size above the file's) and in slices of a few bytes, so every
item is a slice of its own and every category and product is sliced one level down; offers, lines,
warnings and errors must be the same.
"""

import dataclasses
from pathlib import Path

import pytest
from django.conf import settings

from benchmarks.generate import write_pricelist
from imports.exceptions import PriceListInvalid
from imports.parsers import yaml_slices
from imports.parsers.yaml_dialects import SLICED_KEYS, parse_yaml
from imports.parsers.yaml_slices import SlicedSequence, SlicingFailed, load_sliced

from .conftest import PRICELIST
from .test_parsers import FLAT

DATA = Path(settings.BASE_DIR) / "data"


def outcome(text: str | bytes):
    try:
        pricelist = parse_yaml(text)
    except PriceListInvalid as exc:
        return "invalid", exc.errors
    offers = [dataclasses.astuple(offer) for offer in pricelist.offers]
    return pricelist.shop_name, offers, pricelist.category_descriptions, pricelist.warnings


def drained(value):
    """Every item of every sliced sequence, read (SlicingFailed if the slices could not read them)."""
    if isinstance(value, SlicedSequence):
        return [drained(item) for item in value]
    if isinstance(value, dict):
        return {key: drained(item) for key, item in value.items()}
    if isinstance(value, list):
        return [drained(item) for item in value]
    return value


@pytest.fixture
def slices(monkeypatch):
    def sized(size: int):
        monkeypatch.setattr(yaml_slices, "SLICE_BYTES", size)

    return sized


def same_whole_and_sliced(text: str | bytes, slices, size: int = 8):
    slices(10**9)
    whole = outcome(text)
    slices(size)
    assert outcome(text) == whole
    return whole


def read_in_slices(text: str, slices, size: int = 8):
    """The document as the slices read it, all sequences drained; fails if the slices gave up."""
    slices(size)
    return drained(load_sliced(text.encode(), SLICED_KEYS))


def generated(tmp_path, form: str, offers: int = 30) -> str:
    return write_pricelist(tmp_path / f"{form}.yaml", offers=offers, form=form).read_text()


NESTED_COMPACT = """\
# categories and their items at column 0, as data/*.yaml
name: Compact
categories:
- name: A
  description: first
  products:
  - name: P1
    product_infos:
    - name: O1
      external_id: 1
      price: 10
      quantity: 1
      parameters:
      - name: Colour
        value: '010'
    - name: O2
      external_id: 2
      price: 11
      quantity: 2
  - name: P2
    product_infos:
    - {name: O3, external_id: 3, price: 12, quantity: 3}
- name: B
  products:
  - name: P3
    product_infos:
    - {name: O4, external_id: 4, price: 13, quantity: 4}
"""


@pytest.mark.parametrize("size", [1, 8, 64, 300])
@pytest.mark.parametrize("text", [PRICELIST, FLAT, NESTED_COMPACT], ids=["nested", "flat", "compact"])
def test_sliced_and_whole_readings_agree(text, size, slices):
    shop_name, offers, _descriptions, _warnings = same_whole_and_sliced(text, slices, size)
    assert offers and shop_name
    read_in_slices(text, slices, size)


@pytest.mark.parametrize("name", ["shop1.yaml", "shop2.yaml", "shop3.yaml", "samples/flat_supplier.yaml"])
def test_the_demo_and_sample_files_read_the_same_in_slices(name, slices):
    text = (DATA / name).read_text()
    same_whole_and_sliced(text, slices)
    read_in_slices(text, slices)


@pytest.mark.parametrize("form", ["nested", "flat"])
def test_the_benchmark_files_read_the_same_in_slices(form, tmp_path, slices):
    text = generated(tmp_path, form)
    assert len(same_whole_and_sliced(text, slices, 200)[1]) == 30
    document = read_in_slices(text, slices, 200)
    assert len(document["goods" if form == "flat" else "categories"]) in (30, 15)


def test_a_big_category_and_product_are_sliced_one_level_down(slices):
    slices(8)
    document = load_sliced(NESTED_COMPACT.encode(), SLICED_KEYS)
    first = next(iter(document["categories"]))
    assert first["name"] == "A" and isinstance(first["products"], SlicedSequence)
    product = next(iter(first["products"]))
    assert product["name"] == "P1" and isinstance(product["product_infos"], SlicedSequence)
    assert [offer.line for offer in product["product_infos"]] == [9, 16]


@pytest.mark.parametrize(
    "between",
    [
        "\n\n# a comment between items\n\n",
        "  # an indented comment\n# - looks like an item\n",
        "\r\n",
    ],
)
def test_comments_and_blank_lines_between_items(between, slices):
    text = PRICELIST.replace("          - name: Phone X 128GB", between + "          - name: Phone X 128GB")
    _shop_name, offers, _descriptions, _warnings = same_whole_and_sliced(text, slices)
    assert [offer[-1] for offer in offers] == [8, 16 + between.count("\n"), 27 + between.count("\n")]
    read_in_slices(text, slices)


@pytest.mark.parametrize(
    "description",
    [
        "|\n              first line\n              - not an item\n\n              last line\n",
        ">\n              folded\n              - text\n",
        "a plain scalar\n              running on\n",
        "'a quoted scalar\n              - running on'\n",
        '"double quoted\n\n              - still text"\n',
    ],
)
def test_multi_line_scalars_between_items(description, slices):
    text = PRICELIST.replace("quantity: 5\n", "quantity: 5\n            description: " + description)
    _shop_name, offers, _descriptions, _warnings = same_whole_and_sliced(text, slices)
    assert "- " in offers[0][7] or "running on" in offers[0][7] or "folded" in offers[0][7]
    read_in_slices(text, slices)


def test_a_quoted_scalar_running_onto_an_item_column_is_read_whole(slices):
    # its second line looks like the next offer; the slice before it would end inside the quotes
    text = PRICELIST.replace(
        "            quantity: 5\n", "            quantity: 5\n            description: 'one\n          - two'\n"
    )
    same_whole_and_sliced(text, slices)
    with pytest.raises(SlicingFailed):
        read_in_slices(text, slices)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("quantity: 100}", "quantity: -1}"),  # the last offer, in the last slice
        ("price: 150\n", "price: 150\n            price: 160\n"),  # a duplicate key
        ("price_rrc: 170\n", "price_rrc: &a 170\n"),  # an anchor
        ("  - name: Cables\n    products:\n", "  - name: Cables\n    products: 5\n"),
        ("  - name: Cables\n", "  - name: Cables\n    name: Wires\n"),
        ("{name: USB-C cable 1m,", '{name: "\\0",'),
        ("quantity: 3\n", "quantity: 3\n            parameters: {Colour: x}\n"),
        ("{name: Colour, value: White}", "{name: ' ', value: White}"),  # a deeper mapping's line
    ],
)
def test_errors_in_a_late_slice_name_the_files_line(old, new, slices):
    assert old in PRICELIST
    result = same_whole_and_sliced(PRICELIST.replace(old, new), slices)
    assert result[0] == "invalid" and all(error["line"] for error in result[1])


@pytest.mark.parametrize(
    "tail",
    ["name: Again\n", "---\nname: x\n", "shop: After\n", "  stray: indented\n", "%YAML 1.2\n"],
)
def test_what_follows_the_big_sequence_is_read_as_in_the_whole_file(tail, slices):
    same_whole_and_sliced(PRICELIST + tail, slices)
    same_whole_and_sliced(FLAT + tail, slices)


def test_crlf_line_endings(slices):
    same_whole_and_sliced(PRICELIST.replace("\n", "\r\n"), slices)
    same_whole_and_sliced(NESTED_COMPACT.replace("\n", "\r\n"), slices)


def test_a_flow_sequence_or_no_sequence_is_read_whole(slices):
    slices(1)
    assert load_sliced(b"name: S\ncategories: [{name: C}]\n", SLICED_KEYS) is None
    assert load_sliced(b"name: S\n", SLICED_KEYS) is None
    same_whole_and_sliced("name: S\ncategories: [{name: C, products: []}]\n", slices, 1)


@pytest.mark.parametrize("form", ["nested", "flat"])
def test_an_error_in_a_late_slice_names_its_line_in_the_file(form, tmp_path, slices):
    text = generated(tmp_path, form, offers=300)
    last_price = text.rindex("price: ")
    line = text.count("\n", 0, last_price) + 1
    after = text.index("," if form == "flat" else "\n", last_price)
    broken = text[:last_price] + "price: -5" + text[after:]
    slices(2000)
    negative = {"line": line, "field": "price", "message": "-5 is negative: write 0 or more."}
    assert outcome(broken) == ("invalid", [negative])
    read_in_slices(broken, slices, 2000)


def test_a_document_start_marker_and_a_tab_are_handled(slices):
    same_whole_and_sliced("%YAML 1.2\n---\n" + PRICELIST, slices)
    read_in_slices("---\n" + PRICELIST, slices)
    tabbed = PRICELIST.replace("          - name: Phone X 128GB", "\t  - name: Phone X 128GB")
    same_whole_and_sliced(tabbed, slices)
