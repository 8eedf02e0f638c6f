"""The Customers list of the admin: clients only, with their order counts, exportable, at a constant query cost."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from accounts.models import User

from .factories import SupplierFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = "/admin/customers/"


def customer_with_orders(count: int, **fields):
    customer = UserFactory(**fields)
    address = {"city": "Moscow", "street": "Tverskaya", "house": "1"}
    contact = customer.contacts.create(
        first_name="Ivan", last_name="Petrov", email=customer.email, phone="+79001234567", **address
    )
    for _ in range(count):
        customer.orders.create(contact=contact)
    return customer


def test_lists_clients_with_their_order_counts(admin_client):
    customer_with_orders(2, email="anna@example.com")
    customer_with_orders(0, email="boris@example.com")
    SupplierFactory(email="supplier@example.com")

    counts = {row.email: row.order_count for row in admin_client.get(URL).context["object_list"]}

    assert counts["anna@example.com"] == 2 and counts["boris@example.com"] == 0
    assert "supplier@example.com" not in counts


def test_exports_csv_and_xlsx_with_the_order_counts(admin_client):
    customer_with_orders(3, email="anna@example.com")

    response = admin_client.get(URL, {"export": "csv"})
    headings, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    orders_column = headings.index("Orders")
    assert {row[0]: row[orders_column] for row in rows}["anna@example.com"] == "3"

    response = admin_client.get(URL, {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.active.max_row == 1 + len(rows)


def test_filters_by_activity_and_searches_by_name(admin_client):
    customer_with_orders(1, email="anna@example.com", first_name="Anna")
    customer_with_orders(1, email="sleepy@example.com", is_active=False)

    inactive = admin_client.get(URL, {"is_active": "false"}).context["object_list"]
    assert [row.email for row in inactive] == ["sleepy@example.com"]
    found = admin_client.get(URL, {"q": "Anna"}).context["object_list"]
    assert [row.email for row in found] == ["anna@example.com"]


def test_list_queries_do_not_grow_with_customers(admin_client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert admin_client.get(URL).status_code == 200
        return len(captured)

    customer_with_orders(1)
    admin_client.get(URL)
    one = queries()
    for _ in range(12):
        customer_with_orders(2)
    assert queries() == one


def test_no_account_is_added_from_the_customers_list(admin_client):
    """Customers register themselves; the list offers no "Add" and its address answers 404."""
    page = admin_client.get(URL).content.decode()

    assert "/admin/customers/new/" not in page
    assert admin_client.get("/admin/customers/new/").status_code == 404
    assert admin_client.post("/admin/customers/new/", {"first_name": "No", "last_name": "Mail"}).status_code == 404


def test_the_users_admin_refuses_an_account_without_an_e_mail(admin_client):
    password = "Xx12345678!!a"
    form = {"email": "", "first_name": "No", "last_name": "Mail", "password1": password, "password2": password}

    response = admin_client.post("/admin/users/new/", form)

    assert "email" in response.context["form"].errors
    assert not User.objects.filter(email="").exists()


@pytest.mark.parametrize("page", ["edit", "inspect", "delete", "history", "usage"])
def test_an_account_page_opens_for_customers_only(admin_client, django_user_model, page):
    """Suppliers and staff are not customers: their pages under Customers answer 404, as does any change."""
    customer, supplier = UserFactory(), SupplierFactory()
    staff = django_user_model.objects.get(is_superuser=True)

    assert admin_client.get(f"{URL}{page}/{customer.pk}/").status_code == 200
    for other in (supplier, staff):
        assert admin_client.get(f"{URL}{page}/{other.pk}/").status_code == 404
    admin_client.post(f"{URL}edit/{supplier.pk}/", {"first_name": "Taken", "last_name": "Over", "is_active": ""})
    supplier.refresh_from_db()
    assert supplier.is_active and supplier.first_name != "Taken"


def test_an_account_cannot_be_copied(admin_client):
    """A copy would be a new account without an e-mail."""
    assert admin_client.get(f"{URL}copy/{UserFactory().pk}/").status_code == 404
