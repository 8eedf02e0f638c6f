"""The fast path of the validation (plainly valid offers) gives what the field-by-field checks give."""

import dataclasses
import itertools
import unicodedata

import pytest

from imports.parsers import validation
from imports.parsers.validation import OfferCollector

TEXTS = [
    "Phone",
    "  Phone  ",
    "",
    "   ",
    None,
    7,
    "Caf\u00e9",
    unicodedata.normalize("NFD", "Caf\u00e9"),
    "a\x00b",
    "\ud800",
]
LONG = ["x" * 100, "x" * 101, "x" * 255, "x" * 256]
MONEY = [
    "10",
    "10.5",
    " 10.50 ",
    "10.005",
    "-1",
    "-0",
    "1e3",
    "NaN",
    "Infinity",
    "",
    "x",
    None,
    10,
    10.5,
    True,
    "9999999999.99",
    "10000000000",
]
QUANTITIES = ["5", " 5 ", "007", "5.0", "-1", "+5", "2147483647", "2147483648", "", "x", None, 5, True, "\u0665"]
PARAMETERS = [
    [],
    [("Colour", "Black", 1)],
    [(" Colour ", " Black ", 1), ("Colour", "White", 2)],
    [("", "x", 1)],
    [("Colour", None, 1)],
    [("Colour", 5, 1)],
    [("x" * 101, "v", 1)],
    [("n", "x" * 256, 1)],
    [("n\x00", "v", 1)],
    [("Caf\u00e9", "v", 1)],
]


def collected(offers, *, fast: bool, monkeypatch):
    if not fast:
        monkeypatch.setattr(validation, "_plain_offer", lambda *args: None)
    collector = OfferCollector(location="line")
    for line, fields in enumerate(offers, start=1):
        collector.add(where=line, field_where=lambda field, line=line: line, parameter_where=None, **fields)
    monkeypatch.undo()
    offers = [dataclasses.astuple(offer) for offer in collector.offers]
    return offers, collector.errors, collector.warnings, collector.seen


def offer(**changes):
    fields = {
        "category": "C",
        "product": "P",
        "name": "N",
        "external_id": "1",
        "description": "",
        "price": "10",
        "price_rrc": "12.50",
        "quantity": "3",
        "parameters": [("Colour", "Black", 1)],
    }
    return fields | changes


CASES = (
    [offer(category=value) for value in TEXTS + LONG]
    + [offer(product=value) for value in TEXTS + LONG]
    + [offer(name=value, external_id=None) for value in TEXTS + LONG]
    + [offer(external_id=value) for value in TEXTS + LONG]
    + [offer(description=value) for value in TEXTS]
    + [offer(price=value) for value in MONEY]
    + [offer(price_rrc=value) for value in MONEY]
    + [offer(quantity=value) for value in QUANTITIES]
    + [offer(parameters=value) for value in PARAMETERS]
)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_each_field_alone_gives_the_same_offer_or_errors(case, monkeypatch):
    offers = [CASES[case], offer(external_id="2", name="Other")]
    assert collected(offers, fast=True, monkeypatch=monkeypatch) == collected(
        offers, fast=False, monkeypatch=monkeypatch
    )


def test_duplicates_are_found_whichever_path_saw_the_first(monkeypatch):
    offers = [
        offer(),
        offer(external_id=" 1 "),
        offer(external_id=None),
        offer(external_id=None, name=" N "),
        offer(external_id=None, price="10.005"),
    ]
    for ordering in itertools.permutations(offers, 3):
        assert collected(ordering, fast=True, monkeypatch=monkeypatch) == collected(
            ordering, fast=False, monkeypatch=monkeypatch
        )


def test_a_plainly_valid_offer_takes_the_fast_path():
    fields = offer()
    made = validation._plain_offer(
        *(fields[key] for key in ("category", "product", "name", "external_id")),
        *(fields[key] for key in ("description", "price", "price_rrc", "quantity", "parameters")),
    )
    assert made is not None and (made.price, made.quantity, made.parameters) == (10, 3, {"Colour": "Black"})
