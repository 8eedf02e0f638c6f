"""Issue 21: every YAML scalar used as text keeps the text written, in the fast path and the exact path alike,
so one `&` elsewhere in the file (which sends it down the exact path) changes nothing else."""

import pytest

from imports.parsers import yaml_loader, yaml_slices
from imports.parsers.yaml_dialects import parse_yaml

# plain scalars YAML (1.1 or 1.2) or rapidyaml's JSON output would read as something else
SCALARS = [
    "true", "false", "True", "FALSE", "yes", "no", "on", "off", "y", "n", "~", "Null", "NULL",
    "010", "007", "1e3", "1E3", ".5", "-.5", "5.", "-5.", "0.", ".0", "0.50", "1.0", "1500.0", "0x1F", "0o17",
    "0b101", "+1", "-0", "1_000", ".inf", ".Inf", "inf", "-inf", "infinity", "-.INF", "nan", ".NaN", "NaN",
    "2024-01-01", "2024-01-01T10:00:00Z", "12:30", "1:20:30",
]  # fmt: skip


def nested(scalar: str, extra: str = "") -> str:
    return (
        "name: Shop\n"
        "categories:\n"
        f"  - name: {scalar}\n"
        "    products:\n"
        f"      - name: {scalar}\n"
        "        product_infos:\n"
        f"          - name: {scalar}\n"
        f"            external_id: {scalar}\n"
        f"            description: {scalar}\n"
        "            price: 10\n"
        "            quantity: 1\n"
        "            parameters:\n"
        f"              - name: {scalar}\n"
        f"                value: {scalar}\n"
        f"              - {{name: Flow, value: {scalar}}}\n"
        f"{extra}"
    )


def flat(scalar: str, extra: str = "") -> str:
    return (
        "shop: Shop\n"
        f"categories:\n  - {{id: {scalar}, name: {scalar}}}\n"
        "goods:\n"
        f"  - id: {scalar}\n    category: {scalar}\n    name: {scalar}\n    model: {scalar}\n"
        f"    description: {scalar}\n    price: 10\n    quantity: 1\n"
        f"    parameters: {{{scalar}: {scalar}, Block: {scalar}}}\n"
        f"{extra}"
    )


# an anchor-like `&` in another offer's name: the whole file then takes the exact path
EXACT_NESTED = "          - {name: Tom &Jerry, price: 1, quantity: 1}\n"
EXACT_FLAT = "  - {id: other, category: 'x', name: Tom &Jerry, price: 1, quantity: 1}\n"


@pytest.mark.parametrize("scalar", SCALARS)
@pytest.mark.parametrize("extra", ["", EXACT_NESTED], ids=["fast", "exact"])
def test_nested_scalars_are_the_text_written(scalar, extra):
    pricelist = parse_yaml(nested(scalar, extra))
    offer = pricelist.offers[0]
    assert (offer.category, offer.product, offer.name, offer.external_id, offer.description) == (scalar,) * 5
    assert offer.parameters == {scalar: scalar, "Flow": scalar}


@pytest.mark.parametrize("scalar", SCALARS)
@pytest.mark.parametrize("extra", ["", EXACT_FLAT], ids=["fast", "exact"])
def test_flat_scalars_are_the_text_written(scalar, extra):
    text = flat(scalar, extra).replace("category: 'x'", f"category: {scalar}")
    offer = parse_yaml(text).offers[0]
    assert (offer.category, offer.product, offer.name, offer.external_id, offer.description) == (scalar,) * 5
    assert offer.parameters == {scalar: scalar, "Block": scalar}


def test_an_ampersand_in_one_name_changes_no_other_offer():
    text = nested("true").replace("value: true\n", "value: false\n")
    before = parse_yaml(text).offers[0]
    after = parse_yaml(text + EXACT_NESTED).offers[0]
    assert before == after
    assert before.parameters["true"] == "false"


def test_booleans_in_lists_and_at_the_top_are_text_too():
    document = yaml_loader.load_yaml_document("a: [true, [false, x]]\nb: true\n")
    assert document == {"a": ["true", ["false", "x"]], "b": "true"}
    assert yaml_loader.load_yaml_document("true\n") == "true"


@pytest.mark.parametrize("scalar", ["true", ".5", "5.", "inf", "0.50"])
def test_a_file_read_in_slices_keeps_the_text_written(scalar, monkeypatch):
    body = "".join(
        f"  - {{id: g{index}, category: 1, name: {scalar}, model: m{index}, price: 1, quantity: 1}}\n"
        for index in range(60)
    )
    text = f"shop: Shop\ncategories:\n  - {{id: 1, name: C}}\ngoods:\n{body}"
    monkeypatch.setattr(yaml_slices, "SLICE_BYTES", 512)
    offers = parse_yaml(text).offers
    assert len(offers) == 60
    assert {offer.product for offer in offers} == {scalar}


@pytest.mark.parametrize(
    ("text", "fast"),
    [
        ("a: 1000.50\nb: [1500.00, 10.05, 7]\nc: 'x.0'\n", True),
        ("a: .5\n", False),
        ("a: [5.]\n", False),
        ("a: inf\n", False),
        ("a: 0.5\n", False),  # 0.5 as rapidyaml writes .5: the exact path tells them apart
    ],
)
def test_only_files_whose_json_may_differ_from_the_text_leave_the_fast_path(text, fast):
    source = yaml_loader.YamlSource(text.encode())
    root = yaml_loader._TreeWalker(source).root()
    assert (yaml_loader._fast_document(source, root) is not None) is fast
