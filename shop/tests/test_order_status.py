import pytest

from shop.order_status import OrderStatus, ShipmentStatus, allowed_next_statuses, derive_order_status


def test_the_shipment_pipeline():
    assert allowed_next_statuses(ShipmentStatus.NEW) == [ShipmentStatus.CONFIRMED, ShipmentStatus.CANCELED]
    assert allowed_next_statuses(ShipmentStatus.ASSEMBLED) == [ShipmentStatus.SENT, ShipmentStatus.CANCELED]
    assert allowed_next_statuses(ShipmentStatus.SENT) == [ShipmentStatus.DELIVERED]
    assert allowed_next_statuses(ShipmentStatus.DELIVERED) == []
    assert allowed_next_statuses(ShipmentStatus.CANCELED) == []


@pytest.mark.parametrize(
    ("shipments", "order"),
    [
        (["new"], OrderStatus.NEW),
        (["confirmed", "confirmed"], OrderStatus.CONFIRMED),
        (["new", "confirmed"], OrderStatus.NEW),
        (["assembled", "confirmed", "canceled"], OrderStatus.CONFIRMED),
        (["sent", "assembled"], OrderStatus.PARTLY_SENT),
        (["delivered", "new"], OrderStatus.PARTLY_SENT),
        (["sent", "canceled"], OrderStatus.SENT),
        (["sent", "delivered"], OrderStatus.PARTLY_DELIVERED),
        (["delivered", "canceled", "delivered"], OrderStatus.DELIVERED),
        (["canceled", "canceled"], OrderStatus.CANCELED),
        ([], OrderStatus.CANCELED),
    ],
)
def test_an_orders_status_follows_from_its_shipments(shipments, order):
    assert derive_order_status(shipments) == order
