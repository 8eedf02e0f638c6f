from django.dispatch import Signal

# Sent after the transaction that changed an order's status has committed.
# Arguments: order, from_status, to_status, changed_by (a user or None).
order_status_changed = Signal()
