"""Domain errors of the import pipeline."""


class PriceListInvalid(Exception):
    """The price list cannot be imported; `errors` lists every problem found, not just the first."""

    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} problem(s) in the price list")
        self.errors = errors
