from decimal import Decimal

import pytest
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Value
from django.test.utils import CaptureQueriesContext

from imports.exceptions import ImportConflict, PriceListInvalid
from imports.models import ImportRun, ImportSnapshotChunk, ImportStatus, SnapshotKind
from imports.services import apply as apply_module
from imports.services import apply_import, bulk, import_shop_source, rollback_import
from shop.catalogue_cache import catalogue_generation
from shop.models import Category, Offer, OfferParameter, Product, SearchWord
from shop.tests.factories import ShopFactory
from shop.tests.listing import stale_listings
from shop.tests.search_documents import stale_search_documents

from ..conftest import PRICELIST, catalogue_snapshot, import_text, preview

pytestmark = pytest.mark.django_db


def offers_of(shop) -> dict:
    return {
        (offer.external_id or offer.name): (offer.price, offer.quantity, offer.is_active, offer.product.category.name)
        for offer in Offer.objects.filter(shop=shop).select_related("product__category")
    }


def test_apply_creates_categories_products_parameters_and_offers(shop, django_capture_on_commit_callbacks):
    generation = catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        run = import_text(shop, PRICELIST)
    assert run.status == ImportStatus.APPLIED and run.applied_at
    assert (run.created_count, run.progress_done, run.progress_total) == (3, 3, 3)
    assert offers_of(shop) == {
        "1": (Decimal("100.00"), 5, True, "Phones"),
        "2": (Decimal("150.00"), 3, True, "Phones"),
        "USB-C cable 1m": (Decimal("10.00"), 100, True, "Cables"),
    }
    assert set(shop.categories.values_list("name", flat=True)) == {"Phones", "Cables"}
    assert Category.objects.get(name="Phones").description == "Mobile phones"
    offer = Offer.objects.get(shop=shop, external_id="1")
    assert dict(offer.offer_parameters.values_list("parameter__name", "value")) == {"Colour": "Black", "Storage": "64"}
    assert catalogue_generation() == generation + 1


def test_reapply_updates_withdraws_and_reactivates_without_deleting(shop):
    import_text(shop, PRICELIST)
    changed = PRICELIST.replace("price: 100\n", "price: 90\n").replace(
        "          - {name: USB-C cable 1m, price: 10, price_rrc: 12, quantity: 100}\n", ""
    )
    run = import_text(shop, changed)
    assert (run.created_count, run.updated_count, run.unchanged_count, run.withdrawn_count) == (0, 1, 1, 1)
    assert offers_of(shop)["1"][0] == Decimal("90.00")
    assert offers_of(shop)["USB-C cable 1m"][2] is False
    assert Offer.objects.filter(shop=shop).count() == 3
    run = import_text(shop, PRICELIST)
    assert (run.created_count, run.updated_count, run.unchanged_count, run.withdrawn_count) == (0, 2, 1, 0)
    assert offers_of(shop)["USB-C cable 1m"][2] is True


def test_an_unchanged_file_writes_no_offer(shop):
    import_text(shop, PRICELIST)
    before = catalogue_snapshot()
    updated_at = list(Offer.objects.order_by("pk").values_list("updated_at", flat=True))
    run = import_text(shop, PRICELIST)
    assert (run.created_count, run.updated_count, run.unchanged_count, run.withdrawn_count) == (0, 0, 3, 0)
    assert catalogue_snapshot() == before
    assert list(Offer.objects.order_by("pk").values_list("updated_at", flat=True)) == updated_at


def test_an_unchanged_file_leaves_previews_and_caches_valid(shop, django_capture_on_commit_callbacks):
    import_text(shop, PRICELIST)
    shop.refresh_from_db()
    version, generation = shop.catalogue_version, catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        import_text(shop, PRICELIST)
    shop.refresh_from_db()
    assert (shop.catalogue_version, catalogue_generation()) == (version, generation)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search documents are kept on PostgreSQL only")
def test_search_documents_follow_the_products_an_import_changes(shop):
    def document(product: str) -> str:
        return str(Product.objects.filter(name=product).values_list("search_document", flat=True).get())

    import_text(shop, PRICELIST)
    assert "'128gb'" in document("Phone X") and "'white'" in document("Phone X")
    renamed = PRICELIST.replace("          - name: Phone X 128GB\n", "          - name: Phone X 256GB\n")
    import_text(shop, renamed.replace("      - name: Phone X\n", "      - name: Phone X2\n"))  # both offers move
    assert "'256gb'" in document("Phone X2") and "'128gb'" not in document("Phone X2")
    assert "'64gb'" not in document("Phone X")  # the product the offers left
    import_text(shop, renamed)  # back, and nothing else changes
    assert "'256gb'" in document("Phone X") and "'64gb'" not in document("Phone X2")

    # a new price, quantity or description is not in any document: those products are not rewritten
    Product.objects.filter(name__in=["Phone X", "USB-C cable"]).update(search_document=SearchVector(Value("marker")))
    repriced = renamed.replace("price: 100\n", "price: 90\n").replace("quantity: 100}", "quantity: 7}")
    import_text(shop, repriced.replace("price_rrc: 170", "price_rrc: 170\n            description: Boxed"))
    assert document("Phone X") == document("USB-C cable") == "'marker':1"
    import_text(shop, repriced.replace("{name: Colour, value: Black}", "{name: Colour, value: Gold}"))
    assert "'gold'" in document("Phone X") and document("USB-C cable") == "'marker':1"


def test_a_first_import_writes_each_new_product_once_with_its_summary_and_document(shop):
    with CaptureQueriesContext(connection) as queries:
        run = import_text(shop, PRICELIST)
    phone = Product.objects.get(name="Phone X")
    assert (phone.listed, phone.lowest_price, phone.shops_offering, phone.available) == (True, 100, 1, True)
    assert stale_listings() == []
    created = ImportSnapshotChunk.objects.filter(run=run, kind=SnapshotKind.CREATED_PRODUCTS).values_list("rows")
    assert sorted(id_ for (rows,) in created for id_ in rows) == sorted(Product.objects.values_list("pk", flat=True))
    if connection.vendor == "postgresql":  # inserted whole, never rewritten (SQLite summarises them after)
        rewrites = ('UPDATE "shop_product"', "UPDATE shop_product")
        assert not [query["sql"] for query in queries if any(rewrite in query["sql"] for rewrite in rewrites)]
        assert stale_search_documents() == []
        assert {"phone", "black", "cable"} <= set(SearchWord.objects.values_list("word", flat=True))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="search documents are kept on PostgreSQL only")
def test_a_second_shop_offering_the_same_products_rewrites_each_of_them_once(shop):
    import_text(shop, PRICELIST)
    with CaptureQueriesContext(connection) as queries:
        import_text(
            ShopFactory(name="Second shop"),
            PRICELIST.replace("price: 100\n", "price: 95\n").replace("name: Test shop", "name: Second shop"),
        )
    rewrites = [query["sql"] for query in queries if "UPDATE shop_product" in query["sql"]]
    assert len(rewrites) == 1  # documents and summaries together
    phone = Product.objects.get(name="Phone X")
    assert (phone.lowest_price, phone.shops_offering) == (95, 2)
    assert "'second'" in str(phone.search_document)
    assert stale_listings() == [] and stale_search_documents() == []


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="only PostgreSQL writes products after their offers, leaving a window for another import to create one",
)
def test_a_product_another_import_created_meanwhile_takes_the_offers_and_survives_rollback(shop, monkeypatch):
    write_products = bulk.create_planned_products
    first = {}

    def another_import_creates_phone_x_first(planned):
        # as if another shop's import had committed "Phone X" after this one looked it up and planned it
        category_id = next(category_id for category_id, name in planned if name == "Phone X")
        first["product"] = Product.objects.create(category_id=category_id, name="Phone X")
        return write_products(planned)

    monkeypatch.setattr(bulk, "create_planned_products", another_import_creates_phone_x_first)
    run = import_text(shop, PRICELIST)

    assert run.status == ImportStatus.APPLIED
    phone = Product.objects.get(name="Phone X")
    assert phone.pk == first["product"].pk
    assert set(Offer.objects.filter(shop=shop, external_id__in=["1", "2"]).values_list("product_id", flat=True)) == {
        phone.pk
    }
    assert (phone.listed, phone.lowest_price) == (True, 100)
    assert stale_listings() == [] and stale_search_documents() == []
    created = ImportSnapshotChunk.objects.filter(run=run, kind=SnapshotKind.CREATED_PRODUCTS).values_list("rows")
    assert phone.pk not in {id_ for (rows,) in created for id_ in rows}
    rollback_import(run_id=run.pk)
    assert list(Product.objects.values_list("name", flat=True)) == ["Phone X"]  # the other import's stays


def make_pricelist(offers: int, prefix: str = "") -> str:
    lines = ["categories:"]
    for category in range(3):
        lines += [f"  - name: Category {category}", "    products:"]
        for number in range(category, offers, 3):
            lines += [
                f"      - name: {prefix}Product {number}",
                "        product_infos:",
                f"          - {{name: Offer {number}, external_id: {number}, price: {number + 1},"
                f" price_rrc: {number + 2}, quantity: 1,"
                f" parameters: [{{name: Colour, value: c{number}}}, {{name: Size, value: s{number % 5}}}]}}",
            ]
    return "\n".join(lines) + "\n"


def test_the_number_of_statements_does_not_grow_with_the_number_of_offers(shop):
    import_text(ShopFactory(), make_pricelist(3, prefix="warm-up "))  # categories and parameters exist now
    counts = []
    for size in (10, 60):
        target = ShopFactory()
        with CaptureQueriesContext(connection) as first:
            import_text(target, make_pricelist(size, prefix=f"{size} "))
        with CaptureQueriesContext(connection) as second:
            import_text(target, make_pricelist(size, prefix=f"{size} ").replace("quantity: 1", "quantity: 2"))
        counts.append((len(first), len(second)))
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "broken",
    [
        PRICELIST.replace("price: 100\n", "price: -1\n"),
        PRICELIST.replace("price: 150", "price: abc"),
        PRICELIST.replace("quantity: 5", "quantity: 1.5"),
        PRICELIST.replace("quantity: 3", "quantity: -3"),
        PRICELIST.replace("- name: Phone X 64GB", "- name: ''"),
        PRICELIST.replace("      - name: Phone X\n", "      - name:\n"),
        PRICELIST.replace("external_id: 2", "external_id: 1"),
        PRICELIST.replace("categories:", "categories: &a"),
        PRICELIST + "extra: !!python/name:os.system\n",
        "name: [broken",
    ],
)
def test_every_kind_of_invalid_file_changes_nothing(shop, broken):
    import_text(shop, PRICELIST)
    before = catalogue_snapshot()
    run = import_text(shop, broken)
    assert run.status == ImportStatus.FAILED and run.errors
    assert catalogue_snapshot() == before


def test_a_failure_in_the_middle_of_apply_leaves_the_catalogue_untouched(shop, monkeypatch):
    import_text(shop, PRICELIST)
    before = catalogue_snapshot()
    run = preview(
        shop, PRICELIST.replace("price: 100\n", "price: 95\n").replace("Black", "Blue").replace("Cables", "Wires")
    )

    def explode(rows):
        raise RuntimeError("disk full")

    # offers are written by now; parameters come next
    monkeypatch.setattr(apply_module.bulk, "insert_parameters", explode)
    with pytest.raises(RuntimeError):
        apply_import(run_id=run.pk, confirm_withdrawals=True)
    run.refresh_from_db()
    assert run.status == ImportStatus.FAILED and "disk full" in run.failure
    assert catalogue_snapshot() == before
    assert not run.snapshot_chunks.exists()


def test_only_a_previewed_run_can_be_applied(shop):
    run = import_text(shop, PRICELIST)
    with pytest.raises(ImportConflict):
        apply_import(run_id=run.pk)


def test_a_second_apply_is_refused_while_one_is_applying(shop):
    first, second = preview(shop, PRICELIST), preview(shop, PRICELIST)
    ImportRun.objects.filter(pk=first.pk).update(status=ImportStatus.APPLYING)
    with pytest.raises(ImportConflict):
        apply_import(run_id=second.pk)
    second.refresh_from_db()
    assert second.status == ImportStatus.PREVIEWED


def test_the_before_image_holds_updated_and_withdrawn_offers_and_what_was_created(shop):
    import_text(shop, PRICELIST)
    run = import_text(
        shop,
        PRICELIST.replace("price: 100\n", "price: 90\n").replace("Phone X 128GB", "Phone Y").replace("USB-C", "USB-A"),
    )
    kinds = dict(run.snapshot_chunks.values_list("kind", "rows"))
    offer = Offer.objects.get(shop=shop, external_id="1")
    assert [row[0] for row in kinds[SnapshotKind.OFFERS]] == sorted(
        [offer.pk, Offer.objects.get(shop=shop, external_id="2").pk, Offer.objects.get(name="USB-C cable 1m").pk]
    )
    assert kinds[SnapshotKind.CREATED_OFFERS] == [Offer.objects.get(name="USB-A cable 1m").pk]
    assert kinds[SnapshotKind.CREATED_PRODUCTS] == [Product.objects.get(name="USB-A cable").pk]
    assert OfferParameter.objects.filter(offer=offer).count() == 2


def test_demo_source_import_raises_for_an_invalid_file(shop, settings, tmp_path):
    settings.PRICELIST_DATA_DIR = tmp_path
    (tmp_path / "bad.yaml").write_text(PRICELIST.replace("price: 100\n", "price: x\n"))
    shop.source_file = "bad.yaml"
    with pytest.raises(PriceListInvalid):
        import_shop_source(shop=shop)
    assert not Offer.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="planner statistics are PostgreSQL's")
def test_a_large_import_refreshes_the_planner_statistics_of_what_it_wrote(shop, monkeypatch):
    monkeypatch.setattr(apply_module, "ANALYZE_AFTER", 3)

    def estimated_rows(model) -> float:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [model._meta.db_table])
            return cursor.fetchone()[0]

    import_text(shop, PRICELIST)  # 3 offers: ANALYZE counts the import's own, uncommitted rows
    # the products too, written after their offers: planned as empty, the next diff scanned them per offer
    assert (estimated_rows(Offer), estimated_rows(OfferParameter), estimated_rows(Product)) == (3, 3, 2)
