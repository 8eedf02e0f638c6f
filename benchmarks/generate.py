"""Deterministic price-list generator for the import benchmarks, in the three formats suppliers send.

    python -m benchmarks.generate --offers 100000 --out var/bench/pricelist.yaml [--variant 1] [--format nested]

Formats: `flat` (the supplier YAML: `categories` + `goods`, one good per line), `nested` (categories →
products → product_infos → parameters list, block style, as data/*.yaml), `csv` (one row per offer,
parameters as extra columns), `xlsx` (the same rows in a workbook, prices and quantities as number cells,
text inline as openpyxl writes it; `xlsx-shared`: text in the shared strings, as Excel and LibreOffice write it)
and `yml` (Yandex Market XML as shop engines export it: an element per line, the offer's count given).
The same offers in each: 2 offers per product, 50 categories.

Variant 0 is the base file. Variant 1 changes the price of every other offer, drops every 20th offer
(withdrawn on import) and adds as many new ones: the shape of a real next week's price list.
Same arguments, same bytes.
"""

import argparse
import csv
from collections.abc import Iterator
from pathlib import Path

import openpyxl

from .xlsx_limits import shared_strings_workbook

CATEGORIES = 50
OFFERS_PER_PRODUCT = 2
COLOURS = ("Black", "White", "Red", "Blue", "Green", "Silver", "Gold")
FORMATS = ("flat", "nested", "csv", "xlsx", "xlsx-shared", "yml")


def offer_numbers(offers: int, variant: int) -> list[int]:
    if variant == 0:
        return list(range(offers))
    kept = [number for number in range(offers) if number % 20 != 19]
    return kept + list(range(offers, offers + (offers - len(kept))))


def offer(number: int, variant: int, parameters: int) -> dict:
    product = number // OFFERS_PER_PRODUCT
    price = 1000 + (number * 7919) % 90000
    if variant == 1 and number % 2 == 0:
        price += 100
    values = [
        ("Colour", COLOURS[number % len(COLOURS)]),
        ("Storage (GB)", str(2 ** (number % 8 + 4))),
        ("Weight (g)", str(100 + number % 900)),
        ("Warranty (months)", str(12 * (1 + number % 3))),
    ]
    values += [(f"Feature {index}", f"v{number % 13}") for index in range(4, parameters)]
    return {
        "id": number,
        "category": product % CATEGORIES,
        "product": f"Product {product}",
        "model": f"model-{number}",
        "price": f"{price}.50",
        "price_rrc": f"{price + 500}.00",
        "quantity": number % 50,
        "parameters": values[:parameters],
    }


def _flat(offers: list[dict]) -> Iterator[str]:
    yield "shop: Benchmark shop\ncategories:\n"
    yield from (f"  - {{id: {index}, name: Category {index}}}\n" for index in range(CATEGORIES))
    yield "goods:\n"
    for item in offers:
        params = ", ".join(f'"{name}": {value}' for name, value in item["parameters"])
        yield (
            f"  - {{id: {item['id']}, category: {item['category']}, model: {item['model']},"
            f" name: {item['product']}, price: {item['price']}, price_rrc: {item['price_rrc']},"
            f" quantity: {item['quantity']}, parameters: {{{params}}}}}\n"
        )


def _nested(offers: list[dict]) -> Iterator[str]:
    yield "name: Benchmark shop\ncategories:\n"
    by_category: dict[int, dict[str, list[dict]]] = {}
    for item in offers:
        by_category.setdefault(item["category"], {}).setdefault(item["product"], []).append(item)
    for category in sorted(by_category):
        yield f"- name: Category {category}\n  products:\n"
        for product, items in by_category[category].items():
            yield f"  - name: {product}\n    product_infos:\n"
            for item in items:
                yield (
                    f"    - name: {item['model']}\n      external_id: {item['id']}\n"
                    f"      price: {item['price']}\n      price_rrc: {item['price_rrc']}\n"
                    f"      quantity: {item['quantity']}\n      parameters:\n"
                )
                for name, value in item["parameters"]:
                    yield f"      - name: {name}\n        value: '{value}'\n"


def _yml(offers: list[dict]) -> Iterator[str]:
    yield '<?xml version="1.0" encoding="UTF-8"?>\n<yml_catalog date="2026-12-01 00:00">\n<shop>\n'
    yield "<name>Benchmark shop</name>\n<company>Benchmark shop LLC</company>\n"
    yield '<currencies><currency id="RUR" rate="1"/></currencies>\n<categories>\n'
    yield from (f'<category id="{index}">Category {index}</category>\n' for index in range(CATEGORIES))
    yield "</categories>\n<offers>\n"
    for item in offers:
        yield (
            f'<offer id="{item["id"]}" available="true">\n<name>{item["product"]}</name>\n'
            f"<price>{item['price']}</price>\n<currencyId>RUR</currencyId>\n"
            f"<categoryId>{item['category']}</categoryId>\n<count>{item['quantity']}</count>\n"
        )
        yield from (f'<param name="{name}">{value}</param>\n' for name, value in item["parameters"])
        yield "</offer>\n"
    yield "</offers>\n</shop>\n</yml_catalog>\n"


def write_pricelist(path: Path, *, offers: int, variant: int = 0, parameters: int = 3, form: str = "flat") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    items = [offer(number, variant, parameters) for number in offer_numbers(offers, variant)]
    if form == "xlsx":
        _write_xlsx(path, _number_cells(_rows(items)))
        return path
    if form == "xlsx-shared":
        path.write_bytes(shared_strings_workbook(_number_cells(_rows(items))))
        return path
    with path.open("w", encoding="utf-8", newline="") as out:
        if form == "csv":
            csv.writer(out).writerows(_rows(items))
        else:
            out.writelines({"nested": _nested, "flat": _flat, "yml": _yml}[form](items))
    return path


def _rows(items: list[dict]) -> Iterator[list]:
    names = [name for name, _ in items[0]["parameters"]] if items else []
    yield ["category", "product", "name", "external_id", "price", "price_rrc", "quantity", *names]
    for item in items:
        row = [f"Category {item['category']}", item["product"], item["model"], item["id"], item["price"]]
        row += [item["price_rrc"], item["quantity"], *(value for _, value in item["parameters"])]
        yield row


def _number_cells(rows: Iterator[list]) -> Iterator[list]:
    """The rows with prices as numbers, as a spreadsheet holds them (the header as it is)."""
    yield next(rows)
    for row in rows:
        yield [*row[:4], float(row[4]), float(row[5]), *row[6:]]


def _write_xlsx(path: Path, rows: Iterator[list]) -> None:
    """The rows as openpyxl's write-only mode saves them: text inline, numbers as number cells."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Price list")
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--parameters", type=int, default=3)
    parser.add_argument("--variant", type=int, choices=(0, 1), default=0)
    parser.add_argument("--format", choices=FORMATS, default="flat")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_pricelist(args.out, offers=args.offers, variant=args.variant, parameters=args.parameters, form=args.format)
    print(args.out)


if __name__ == "__main__":
    main()
