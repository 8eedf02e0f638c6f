"""Deterministic price-list generator for the import benchmarks (flat supplier YAML, one good per line).

    python -m benchmarks.generate --offers 100000 --out var/bench/pricelist.yaml [--variant 1]

Variant 0 is the base file. Variant 1 changes the price of every other offer, drops every 20th offer
(withdrawn on import) and adds as many new ones: the shape of a real next week's price list.
Same arguments, same bytes.
"""

import argparse
from pathlib import Path

CATEGORIES = 50
OFFERS_PER_PRODUCT = 2
COLOURS = ("Black", "White", "Red", "Blue", "Green", "Silver", "Gold")


def offer_numbers(offers: int, variant: int) -> list[int]:
    if variant == 0:
        return list(range(offers))
    kept = [number for number in range(offers) if number % 20 != 19]
    return kept + list(range(offers, offers + (offers - len(kept))))


def good(number: int, variant: int, parameters: int) -> str:
    product = number // OFFERS_PER_PRODUCT
    price = 1000 + (number * 7919) % 90000
    if variant == 1 and number % 2 == 0:
        price += 100
    params = [f'"Colour": {COLOURS[number % len(COLOURS)]}', f'"Storage (GB)": {2 ** (number % 8 + 4)}']
    params += [f'"Weight (g)": {100 + number % 900}', f'"Warranty (months)": {12 * (1 + number % 3)}']
    params += [f'"Feature {index}": v{number % 13}' for index in range(4, parameters)]
    return (
        f"  - {{id: {number}, category: {product % CATEGORIES}, model: model-{number},"
        f" name: Product {product}, price: {price}.50, price_rrc: {price + 500}.00,"
        f" quantity: {number % 50}, parameters: {{{', '.join(params[:parameters])}}}}}\n"
    )


def write_pricelist(path: Path, *, offers: int, variant: int = 0, parameters: int = 3) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        out.write("shop: Benchmark shop\ncategories:\n")
        out.writelines(f"  - {{id: {index}, name: Category {index}}}\n" for index in range(CATEGORIES))
        out.write("goods:\n")
        out.writelines(good(number, variant, parameters) for number in offer_numbers(offers, variant))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--offers", type=int, default=100_000)
    parser.add_argument("--parameters", type=int, default=3)
    parser.add_argument("--variant", type=int, choices=(0, 1), default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    write_pricelist(args.out, offers=args.offers, variant=args.variant, parameters=args.parameters)
    print(args.out)


if __name__ == "__main__":
    main()
