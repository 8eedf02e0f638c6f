import pytest
from django.db import connection, transaction

from core import postgres

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's settings and sequences"),
]


def setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SHOW {name}")
        return cursor.fetchone()[0]


def test_bulk_settings_last_as_long_as_the_transaction():
    before = (setting("jit"), setting("work_mem"))
    with transaction.atomic():
        postgres.tune_bulk_transaction()
        assert (setting("jit"), setting("work_mem")) == ("off", "64MB")
    assert (setting("jit"), setting("work_mem")) == before


def test_reserved_ids_are_new_and_distinct():
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM shop_product")
        highest = cursor.fetchone()[0]
    ids = postgres.reserve_ids("shop_product", 3)
    assert len(set(ids)) == 3 and min(ids) > highest
