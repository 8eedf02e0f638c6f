from django.dispatch import Signal

# Sent after the transaction that moved a shipment has committed, once per shipment moved.
# Arguments: shipment, from_status, to_status, changed_by (a user or None), change (the ShipmentStatusChange
# recorded; its `undoes` is set when the move undid an earlier one).
shipment_status_changed = Signal()
