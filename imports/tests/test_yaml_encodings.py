"""Issue 21: a YAML price list in another encoding is decoded (a UTF-16/32 byte order mark) or refused with
the encoding it is in and the line, never read as broken characters."""

import pytest

from imports.exceptions import PriceListInvalid
from imports.models import ImportFormat
from imports.parsers.formats import parse_pricelist

TEXT = (
    "name: Магазин\ncategories:\n  - name: Телефоны\n    products:\n      - name: Смартфон\n"
    "        product_infos:\n          - {name: Чёрный, price: 10, quantity: 1}\n"
)


def parsed(content: bytes):
    return parse_pricelist(content, import_format=ImportFormat.YAML)


@pytest.mark.parametrize(
    "content",
    [
        b"\xef\xbb\xbf" + TEXT.encode(),
        TEXT.encode("utf-16"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
    ],
    ids=["utf-8 bom", "utf-16 le bom", "utf-16 be bom", "utf-32 bom"],
)
def test_a_file_with_a_byte_order_mark_is_read(content):
    pricelist = parsed(content)
    assert (pricelist.shop_name, pricelist.offers[0].name, pricelist.offers[0].line) == ("Магазин", "Чёрный", 7)


@pytest.mark.parametrize(
    ("content", "encoding", "line"),
    [
        (TEXT.encode("cp1251"), "Windows-1251", 1),
        (("# price list\n" * 2 + TEXT).encode("cp1251"), "Windows-1251", 3),
        (TEXT.encode("koi8-r"), "KOI8-R", 1),
        (TEXT.encode("utf-16-le"), "UTF-16-LE", 1),
        (TEXT.encode("utf-16-be"), "UTF-16-BE", 1),
        ("name: Shop\ncategories: []\n".encode("utf-16-le"), "UTF-16-LE", 1),
    ],
)
def test_a_file_in_another_encoding_is_refused_by_name_at_its_line(content, encoding, line):
    with pytest.raises(PriceListInvalid) as caught:
        parsed(content)
    message = f"The file is in {encoding}, not UTF-8: save it as UTF-8 and upload it again."
    assert caught.value.errors == [{"line": line, "field": "file", "message": message}]


def test_bytes_of_no_known_encoding_are_refused_as_not_utf8():
    with pytest.raises(PriceListInvalid) as caught:
        parsed(b"name: Shop\ncategories:\n  - name: caf\xe9\n")
    assert caught.value.errors == [
        {"line": 3, "field": "file", "message": "The file is not in UTF-8: save it as UTF-8 and upload it again."}
    ]
