import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("shop", "0005_backfill_order_snapshots_and_shipments")]

    operations = [
        migrations.AlterField(
            model_name="orderitem",
            name="shipment",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="items",
                to="shop.shipment",
                verbose_name="shipment",
            ),
        ),
    ]
