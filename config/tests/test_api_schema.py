"""The API keeps the promises of its own OpenAPI schema: schemathesis drives every operation in-process.

Bounded and derandomized (the same examples on every run), authenticated with a real JWT of a test
user who owns a shop and has a catalogue, contacts, a cart and an order to work on. Operations with
path parameters run twice: with generated ids (mostly someone else's or nobody's) and with the ids of
the user's real objects. Checks: no 5xx; status codes, content types and bodies as the schema says.
"""

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.types import OpenApiTypes
from hypothesis import HealthCheck, given, settings
from rest_framework.throttling import SimpleRateThrottle
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.services.tokens import issue_token_pair
from accounts.tests.factories import SupplierFactory
from config.wsgi import application
from core.api_schema import ErrorSerializer, errors
from shop.models import ContactConfirmation
from shop.services.cart import add_to_cart
from shop.tests.factories import (
    ContactFactory,
    OfferFactory,
    OfferParameterFactory,
    OrderFactory,
    OrderItemFactory,
    ShopFactory,
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 20


@pytest.fixture
def keep_test_connection():
    """Django's test client does the same: a finished request must not close the test's connection (and transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, monkeypatch, keep_test_connection):
    """A supplier-customer with real objects behind each kind of path parameter, and its JWT."""
    # Generated requests come fast; throttling is tested elsewhere and would only turn them into 429s.
    for scope in list(SimpleRateThrottle.THROTTLE_RATES):
        monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, scope, "100000/min")
    user = SupplierFactory()
    own_offer = OfferFactory(shop=ShopFactory(owner=user), quantity=1000)
    for offer in [own_offer, *OfferFactory.create_batch(2, quantity=1000)]:
        OfferParameterFactory(offer=offer)
        add_to_cart(user=user, offer_id=offer.pk, quantity=1)
    contact = ContactFactory(user=user)
    order = OrderItemFactory(order=OrderFactory(user=user, contact=contact), offer=own_offer).order
    # Made when the operation's turn comes, since earlier operations may have deleted or spent them.
    ids = {
        r"/cart/item/\{id\}/": lambda: add_to_cart(user=user, offer_id=own_offer.pk, quantity=1)[0].pk,
        r"/contacts/\{id\}/": lambda: ContactFactory(user=user).pk,
        r"/orders/\{id\}/": lambda: order.pk,
        r"/products/\{id\}/": lambda: own_offer.product_id,
        r"/confirm-contact/\{token\}/": lambda: str(ContactConfirmation.objects.create(contact=contact).token),
    }
    return {"headers": {"Authorization": f"Bearer {issue_token_pair(user=user).access}"}, "ids": ids}


def real_path_parameters(path: str, ids: dict) -> dict | None:
    for pattern, value in ids.items():
        if re.search(pattern, path):
            return {re.search(r"\{(\w+)\}", path).group(1): value()}
    return None


@pytest.mark.django_db
def test_every_operation_conforms_to_the_schema(world):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    statuses: dict[str, set[int]] = {}

    def run(operation, **strategy_kwargs) -> None:
        @given(case=operation.as_strategy(**strategy_kwargs))
        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            database=None,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
        def conforms(case):
            response = case.call(headers=world["headers"])
            statuses.setdefault(operation.label, set()).add(response.status_code)
            case.validate_response(response, checks=CHECKS, headers=world["headers"])

        conforms()

    for operation in operations:
        run(operation)
        path_parameters = real_path_parameters(operation.path, world["ids"])
        if path_parameters:
            run(operation, path_parameters=path_parameters)

    # The run reached the endpoints' real work, not only their error answers.
    # (Some operations cannot succeed with generated data: logging in needs a real password, applying or rolling
    # back an import needs a run in the right state, and so on.)
    succeeded = {label for label, seen in statuses.items() if any(200 <= code < 400 for code in seen)}
    never = {label: seen for label, seen in statuses.items() if label not in succeeded}
    assert len(succeeded) >= 0.6 * len(statuses), never


def test_error_answers_are_shared_and_an_endpoint_may_give_a_status_its_own_meaning():
    answers = errors(400, 404, described={404: "Unknown link.", 401: "Wrong password."})

    assert list(answers) == [400, 404, 401]
    assert answers[400].response == OpenApiTypes.OBJECT
    assert answers[404].response is ErrorSerializer and answers[404].description == "Unknown link."
    assert answers[401].description == "Wrong password."
    assert errors(404)[404].description == "Not found, or not yours."
