"""Issue 21: a YAML value in the wrong shape is an error at its line, never stored as a Python repr, an empty
text or the last of two; a file that is not a price list is refused, never read as a valid empty one."""

import pytest

from imports.exceptions import PriceListInvalid
from imports.parsers.validation import NOT_TEXT_MESSAGE
from imports.parsers.yaml_dialects import NOT_A_PRICE_LIST, parse_yaml


def errors_of(text: str) -> list[dict]:
    with pytest.raises(PriceListInvalid) as caught:
        parse_yaml(text)
    return caught.value.errors


def nested(offer: str, *, category: str = "C", product: str = "P", shop: str = "S") -> str:
    return (
        f"name: {shop}\ncategories:\n  - name: {category}\n    description: d\n    products:\n"
        f"      - name: {product}\n        product_infos:\n          - name: O\n            price: 10\n"
        f"            quantity: 1\n{offer}"
    )


def flat(categories: str, good: str = "{id: 1, category: 1, name: G, price: 1, quantity: 1}") -> str:
    return f"shop: S\ncategories:\n{categories}goods:\n  - {good}\n"


def test_a_parameter_named_twice_in_an_offer_is_an_error_at_the_second():
    offer = "            parameters:\n              - {name: Colour, value: Black}\n"
    offer += "              - {name: Size, value: M}\n              - {name: Colour, value: White}\n"
    assert errors_of(nested(offer)) == [
        {
            "line": 14,
            "field": "parameters",
            "message": "The parameter Colour appears twice in this offer (first at line 12).",
        }
    ]


def test_names_equal_once_trimmed_are_the_same_parameter():
    offer = "            parameters:\n              - {name: Colour, value: Black}\n"
    offer += "              - {name: ' Colour ', value: White}\n"
    [error] = errors_of(nested(offer))
    assert error["line"] == 13 and "appears twice" in error["message"]


@pytest.mark.parametrize(
    ("offer", "line", "field"),
    [
        ("            description: {x: 1}\n", 11, "description"),
        ("            price_rrc: {x: 1}\n", 11, "price_rrc"),
        ("            price_rrc: [1]\n", 11, "price_rrc"),
        ("            external_id: [1, 2]\n", 11, "external_id"),
        ("            parameters:\n              - {name: Colour, value: {x: '1'}}\n", 12, "parameters"),
        ("            parameters:\n              - {name: [a], value: b}\n", 12, "parameters"),
    ],
)
def test_a_mapping_or_list_where_text_is_expected_is_an_error_at_its_line(offer, line, field):
    assert errors_of(nested(offer)) == [{"line": line, "field": field, "message": str(NOT_TEXT_MESSAGE)}]


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        (nested("", category="{x: 1}"), 3, "category"),
        (nested("", product="[a, b]"), 6, "product"),
        (nested("", shop="{x: 1}"), 1, "name"),
        (nested("").replace("name: O\n", "name:\n              x: 1\n"), 8, "name"),
        (flat("  - {id: 1, name: C}\n", "{id: 1, category: 1, name: {a: b}, price: 1, quantity: 1}"), 5, "name"),
        (flat("  - {id: 1, name: C}\n", "{id: 1, category: [1], name: G, price: 1, quantity: 1}"), 5, "category"),
        (flat("  - {id: {a: 1}, name: C}\n"), 3, "category"),
    ],
)
def test_names_and_ids_in_the_wrong_shape_are_errors_not_reprs(text, line, field):
    errors = errors_of(text)
    assert {"line": line, "field": field, "message": str(NOT_TEXT_MESSAGE)} in errors
    assert not any("{'" in error["message"] or "['" in error["message"] for error in errors)


@pytest.mark.parametrize(
    "offer",
    [
        "            parameters:\n              - {name: Colour, value: null}\n",
        "            parameters:\n              - {name: Colour, value: }\n",
        "            parameters:\n              - {name: Colour}\n",
        "            parameters:\n              - name: Colour\n                value:\n",
    ],
)
def test_a_parameter_without_a_value_is_an_error_not_an_empty_text(offer):
    [error] = errors_of(nested(offer))
    assert error["line"] == 12
    assert error["message"] == 'The parameter Colour has no value: write one ("" for an empty value), or remove it.'


def test_flat_parameters_without_a_value_are_errors_too():
    good = "{id: 1, category: 1, name: G, price: 1, quantity: 1, parameters: {Colour: null, Size: M}}"
    [error] = errors_of(flat("  - {id: 1, name: C}\n", good))
    assert (error["line"], error["field"]) == (5, "parameters")
    assert error["message"].startswith("The parameter Colour has no value")


def test_an_explicitly_empty_parameter_value_is_kept():
    offer = "            parameters:\n              - {name: Colour, value: ''}\n"
    assert parse_yaml(nested(offer)).offers[0].parameters == {"Colour": ""}


def test_a_flat_category_id_used_twice_is_an_error_at_the_second():
    categories = "  - {id: 1, name: Phones}\n  - {id: 2, name: Cables}\n  - {id: 1, name: Chargers}\n"
    assert errors_of(flat(categories)) == [
        {
            "line": 5,
            "field": "category",
            "message": "The category id 1 is used twice (first at line 3): give each category its own.",
        }
    ]


def test_a_flat_category_without_an_id_is_an_error():
    [error] = errors_of(flat("  - {name: Phones}\n  - {id: 1, name: C}\n"))
    assert error == {
        "line": 3,
        "field": "category",
        "message": "The category Phones has no id: give it the id its goods refer to.",
    }


@pytest.mark.parametrize(
    "text",
    [
        "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n"
        "</body>\n</html>\n",
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>Error</title>\n</head>\n<body>\n'
        "<pre>Cannot GET /export.yaml</pre>\n</body>\n</html>\n",
        "Error: 500 Internal Server Error\n",
        "error: Access denied\nstatus: 403\n",
        "name: Shop\nproducts: []\n",
        "- a\n- b\n",
        "",
    ],
)
def test_a_file_that_is_not_a_price_list_is_refused_whatever_it_parses_to(text):
    assert errors_of(text) == [{"line": 1, "field": "file", "message": str(NOT_A_PRICE_LIST)}]


def test_a_nested_file_that_also_has_an_empty_goods_list_is_refused():
    [error] = errors_of(nested("") + "goods: []\n")
    assert error["line"] == 11 and error["field"] == "file"
    assert "both goods (the flat format) and categories with products (the nested format)" in error["message"]


def test_a_price_list_needs_the_shops_name_and_its_list_written_out():
    assert errors_of("categories: []\n") == [
        {
            "line": 1,
            "field": "name",
            "message": "The shop's name is missing: start the file with name: and the shop's name "
            "(shop: in the flat format).",
        }
    ]
    assert errors_of("name: Shop\ncategories:\n") == [
        {
            "line": 2,
            "field": "categories",
            "message": "Must be a list (categories: [] for a price list with no offers).",
        }
    ]


@pytest.mark.parametrize("text", ["name: Shop\ncategories: []\n", "shop: Shop\ngoods: []\n"])
def test_an_explicitly_empty_price_list_is_accepted(text):
    pricelist = parse_yaml(text)
    assert (pricelist.shop_name, pricelist.offers) == ("Shop", [])


@pytest.mark.parametrize("model", ["", "model: ''", "model: null", "model:"])
def test_a_flat_good_without_a_model_is_offered_under_its_own_name(model):
    good = "{id: 1, category: 1, name: G, price: 1, quantity: 1" + (f", {model}}}" if model else "}")
    assert parse_yaml(flat("  - {id: 1, name: C}\n", good)).offers[0].name == "G"
