import pytest
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="column compression is PostgreSQL's"),
]


def test_uploads_change_pages_and_before_images_are_compressed_with_lz4():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attrelid::regclass::text, attcompression FROM pg_attribute "
            "WHERE (attrelid::regclass::text, attname) IN "
            "(('imports_importupload', 'content'), ('imports_importchangechunk', 'rows'),"
            " ('imports_importsnapshotchunk', 'rows'))"
        )
        assert dict(cursor.fetchall()) == {
            "imports_importupload": "l",
            "imports_importchangechunk": "l",
            "imports_importsnapshotchunk": "l",
        }
