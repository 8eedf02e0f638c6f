"""Yandex Market YML price lists: as shop engines export them, and hostile ones."""

from decimal import Decimal

import pytest

from imports.exceptions import PriceListInvalid
from imports.models import ImportFormat, ImportStatus
from imports.parsers import yml
from imports.parsers.formats import detect_format, parse_pricelist
from imports.parsers.yml import parse_yml
from shop.models import Offer

from .conftest import import_text, preview

# 1C-Bitrix: windows-1251 declared in the prolog, the old DTD named, vendor.model offers, CDATA descriptions
BITRIX = """\
<?xml version="1.0" encoding="windows-1251"?>
<!DOCTYPE yml_catalog SYSTEM "shops.dtd">
<yml_catalog date="2026-11-30 12:00">
<shop>
<name>Электроника Плюс</name>
<company>ООО «Электроника Плюс»</company>
<url>https://shop.example.ru</url>
<currencies><currency id="RUR" rate="1"/></currencies>
<categories>
<category id="1">Телефоны</category>
<category id="2" parentId="1">Смартфоны</category>
</categories>
<offers>
<offer id="1001" type="vendor.model" available="true">
<url>https://shop.example.ru/p/1001</url>
<price>19990.00</price>
<oldprice>24990</oldprice>
<currencyId>RUR</currencyId>
<categoryId>2</categoryId>
<picture>https://shop.example.ru/upload/1001.jpg</picture>
<typePrefix>Смартфон</typePrefix>
<vendor>Xiaomi</vendor>
<vendorCode>RN13-128</vendorCode>
<model>Redmi Note 13 128 ГБ</model>
<description><![CDATA[<p>Экран <b>6,67"</b> AMOLED</p>]]></description>
<barcode>6941812756010</barcode>
</offer>
<offer id="1002" type="vendor.model" available="false">
<price>990</price>
<currencyId>RUB</currencyId>
<categoryId>1</categoryId>
<vendor>Nokia</vendor>
<model>105</model>
</offer>
</offers>
</shop>
</yml_catalog>
""".encode("cp1251")

# InSales: UTF-8, simple offers with `name`, params with units, several pictures, a count
INSALES = """\
<?xml version="1.0" encoding="UTF-8"?>
<yml_catalog date="2026-11-30T12:00:00+03:00">
  <shop>
    <name>Чайная лавка</name>
    <company>ИП Иванов</company>
    <currencies>
      <currency id="RUR" rate="1"/>
    </currencies>
    <categories>
      <category id="10">Чай</category>
      <category id="11" parentId="10">Зелёный чай</category>
    </categories>
    <offers>
      <offer id="t-1" available="true" group_id="5">
        <name>Сенча, 100 г</name>
        <price>450</price>
        <currencyId>RUR</currencyId>
        <categoryId>11</categoryId>
        <picture>https://cdn.example.ru/1.jpg</picture>
        <picture>https://cdn.example.ru/2.jpg</picture>
        <count>12</count>
        <param name="Вес" unit="г">100</param>
        <param name="Страна">Япония</param>
        <description>Японский зелёный чай &amp; немного истории</description>
      </offer>
      <offer id="t-2">
        <name>Матча, 30 г</name>
        <price>990.5</price>
        <currencyId>RUR</currencyId>
        <categoryId>11</categoryId>
      </offer>
    </offers>
  </shop>
</yml_catalog>
""".encode()

# CS-Cart: categories after a nested <currencies>, an offer before the categories it names is still matched
CS_CART = b"""<?xml version="1.0" encoding="UTF-8"?>
<yml_catalog date="2026-11-30 12:00"><shop><name>Tools</name><company>Tools LLC</company>
<offers><offer id="7" available="true"><name>Drill</name><price>3500</price><currencyId>RUB</currencyId>
<categoryId>3</categoryId><param name="Power" unit="W">750</param></offer></offers>
<categories><category id="3">Power tools</category></categories>
</shop></yml_catalog>
"""


def errors_of(content: bytes) -> list[dict]:
    with pytest.raises(PriceListInvalid) as caught:
        parse_yml(content)
    return caught.value.errors


def test_bitrix_export_in_windows_1251_with_vendor_model_offers(settings):
    settings.PRICELIST_YML_AVAILABLE_QUANTITY = 3
    pricelist = parse_yml(BITRIX)
    assert pricelist.shop_name == "Электроника Плюс"
    phone, basic = pricelist.offers
    assert (phone.category, phone.external_id, phone.line) == ("Смартфоны", "1001", 14)
    assert phone.product == phone.name == "Смартфон Xiaomi Redmi Note 13 128 ГБ"
    # oldprice is not an RRC: the RRC is the price, as in a file that gives none
    assert (phone.price, phone.price_rrc, phone.quantity) == (Decimal("19990.00"), Decimal("19990.00"), 3)
    assert phone.description == 'Экран 6,67" AMOLED'
    assert phone.parameters == {"vendor": "Xiaomi", "vendorCode": "RN13-128", "barcode": "6941812756010"}
    assert (basic.category, basic.name, basic.quantity) == ("Телефоны", "Nokia 105", 0)
    assert [warning["field"] for warning in pricelist.warnings] == ["count", "picture"]
    assert pricelist.warnings[0]["line"] == 14


def test_insales_export_with_units_counts_and_pictures():
    pricelist = parse_yml(INSALES)
    tea, matcha = pricelist.offers
    assert (tea.category, tea.external_id) == ("Зелёный чай", "t-1")
    assert tea.product == tea.name == "Сенча, 100 г"
    assert tea.parameters == {"Вес (г)": "100", "Страна": "Япония"}
    assert (tea.quantity, tea.line, tea.description) == (12, 14, "Японский зелёный чай & немного истории")
    assert matcha.price == Decimal("990.50") and matcha.quantity == 1
    picture = next(warning for warning in pricelist.warnings if warning["field"] == "picture")
    assert picture["line"] == 19 and picture["message"].startswith("1 ")


def test_offers_may_come_before_their_categories():
    (drill,) = parse_yml(CS_CART).offers
    assert (drill.category, drill.parameters) == ("Power tools", {"Power (W)": "750"})


def test_currency_category_price_and_name_errors_name_their_lines():
    content = b"""<?xml version="1.0"?>
<yml_catalog><shop><name>S</name>
<categories><category id="1">A</category><category id="2" parentId="99">B</category></categories>
<offers>
<offer id="1">
<price>10</price>
<currencyId>USD</currencyId>
<categoryId>1</categoryId>
<name>One</name>
</offer>
<offer id="2">
<price>ten</price>
<currencyId>RUR</currencyId>
<categoryId>5</categoryId>
</offer>
<offer id="1"><price>1</price><currencyId>RUR</currencyId><categoryId>1</categoryId><name>Again</name></offer>
</offers></shop></yml_catalog>"""
    found = {(error["line"], error["field"]) for error in errors_of(content)}
    assert found == {
        (3, "parentId"),
        (7, "currencyId"),
        (12, "price"),
        (12, "price_rrc"),  # the RRC is the price in YML, as when a CSV gives none
        (14, "categoryId"),
        (11, "name"),
        (11, "product"),
        (16, "external_id"),
    }


def test_a_count_that_is_not_a_whole_number_is_an_error_at_its_line():
    content = INSALES.replace(b"<count>12</count>", b"<count>1.5</count>")
    assert [(error["line"], error["field"]) for error in errors_of(content)] == [(21, "quantity")]


@pytest.mark.parametrize(
    "content",
    [
        # billion laughs
        b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<yml_catalog><shop><name>&lol3;</name></shop></yml_catalog>""",
        # XXE
        b"""<?xml version="1.0"?>
<!DOCTYPE yml_catalog [<!ENTITY passwd SYSTEM "file:///etc/passwd">]>
<yml_catalog><shop><name>&passwd;</name></shop></yml_catalog>""",
        # an external DTD fetched through a parameter entity
        b"""<?xml version="1.0"?>
<!DOCTYPE yml_catalog [<!ENTITY % remote SYSTEM "http://127.0.0.1:1/evil.dtd"> %remote;]>
<yml_catalog/>""",
    ],
    ids=["billion-laughs", "xxe", "parameter-entity"],
)
def test_entities_and_internal_dtds_are_refused_before_any_is_expanded(content):
    (error,) = errors_of(content)
    assert error["field"] == "file" and error["line"] == 2
    assert "entities" in error["message"]


def test_a_named_external_dtd_is_never_read_and_its_entities_stay_unexpanded():
    content = b"""<?xml version="1.0"?>
<!DOCTYPE yml_catalog SYSTEM "file:///etc/passwd">
<yml_catalog><shop><name>A &ent; B</name></shop></yml_catalog>"""
    assert parse_yml(content).shop_name == "A  B"


def test_deep_nesting_stops_the_parse_at_its_line():
    content = b"<yml_catalog>\n" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</yml_catalog>"
    (error,) = errors_of(content)
    assert error["line"] == 2 and str(yml.MAX_DEPTH) in error["message"]


def test_more_offers_than_the_limit_stop_the_parse(monkeypatch):
    monkeypatch.setattr(yml, "MAX_OFFERS", 1)
    (error,) = errors_of(INSALES)
    assert (error["line"], error["field"]) == (26, "offer")


def test_xml_that_is_not_yml_is_refused_at_its_root():
    (error,) = errors_of(b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>')
    assert error["line"] == 2 and "<rss>" in error["message"]


def test_a_truncated_file_names_the_line_where_it_ends():
    (error,) = errors_of(INSALES[: INSALES.index(b"</offer>")])
    assert error["line"] == 25 and error["field"] == "file"


def test_yml_is_told_from_yaml_by_its_start_whatever_the_suffix():
    assert detect_format("export.xml") == ImportFormat.YML
    assert detect_format("export.yml", head=INSALES[:1024]) == ImportFormat.YML
    assert detect_format("feed", head=b"\xef\xbb\xbf<yml_catalog>") == ImportFormat.YML
    assert detect_format("shop.yml", head=b"name: Shop\n") == ImportFormat.YAML
    assert parse_pricelist(CS_CART, import_format=ImportFormat.YML).shop_name == "Tools"


@pytest.mark.django_db
def test_a_yml_upload_is_previewed_and_applied_like_any_price_list(shop):
    shop.name = "Чайная лавка"
    shop.save()
    run = import_text(shop, INSALES, filename="insales.yml")
    assert (run.format, run.status, run.created_count) == (ImportFormat.YML, ImportStatus.APPLIED, 2)
    offer = Offer.objects.get(shop=shop, external_id="t-1")
    assert (offer.quantity, offer.price) == (12, Decimal("450.00"))
    assert preview(shop, BITRIX, filename="bitrix.xml").status == ImportStatus.PREVIEWED


@pytest.mark.parametrize(
    ("available", "quantity"), [("false", 0), ("FALSE", 0), ("0", 0), ("no", 0), ("true", 1), ("", 1)]
)
def test_an_offer_without_a_count_is_in_stock_unless_marked_unavailable(available, quantity):
    content = INSALES.replace(b'<offer id="t-2">', f'<offer id="t-2" available="{available}">'.encode())
    assert parse_yml(content).offers[1].quantity == quantity


@pytest.mark.parametrize(
    "content",
    [
        '<?xml version="1.0" encoding="shift_jis"?><yml_catalog/>'.encode("shift_jis"),
        b'<?xml version="1.0" encoding="x-unknown"?><yml_catalog/>',
    ],
)
def test_an_encoding_expat_cannot_read_is_an_error_not_a_crash(content):
    (error,) = errors_of(content)
    assert (error["line"], error["field"]) == (1, "file") and "UTF-8" in error["message"]
