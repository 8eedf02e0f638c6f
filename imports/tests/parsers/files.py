"""A file's bytes parsed as the import reads them, or the errors it is refused with."""

import pytest

from imports.exceptions import PriceListInvalid
from imports.parsers.formats import parse_pricelist


def refusal(content: bytes, import_format: str) -> list[dict]:
    with pytest.raises(PriceListInvalid) as caught:
        parse_pricelist(content, import_format=import_format)
    return caught.value.errors
