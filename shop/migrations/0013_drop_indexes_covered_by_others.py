"""Drop the indexes Django gave four foreign keys that other indexes already start with.

Only the indexes: altering the fields through the schema editor would drop and re-add (and so re-validate
over every row) their foreign key constraints as well.
"""

import django.db.models.deletion
import modelcluster.fields
from django.db import migrations, models

# (table, column, index name Django gave it, the index that covers it)
COVERED = (
    ("shop_offer", "shop_id", "shop_offer_shop_id_b60b4da4", "shop_offer_shop_active_idx"),
    ("shop_offerparameter", "offer_id", "shop_offerparameter_offer_id_40c6f049", "shop_offerparameter_unique_per_offer"),
    ("shop_offerparameter", "parameter_id", "shop_offerparameter_parameter_id_e4ad63b3", "shop_offerparam_value_idx"),
    ("shop_product", "category_id", "shop_product_category_id_14d7eea8", "shop_product_unique_name_per_category"),
)


class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0012_catalogue_filter_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX IF EXISTS "{index}"',
                    reverse_sql=f'CREATE INDEX "{index}" ON "{table}" ("{column}")',
                )
                for table, column, index, _covering in COVERED
            ],
            state_operations=[
                migrations.AlterField(
                    model_name="offer",
                    name="shop",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offers",
                        to="shop.shop",
                        verbose_name="shop",
                    ),
                ),
                migrations.AlterField(
                    model_name="offerparameter",
                    name="offer",
                    field=modelcluster.fields.ParentalKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="offer_parameters",
                        to="shop.offer",
                        verbose_name="offer",
                    ),
                ),
                migrations.AlterField(
                    model_name="offerparameter",
                    name="parameter",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="offer_parameters",
                        to="shop.parameter",
                        verbose_name="parameter",
                    ),
                ),
                migrations.AlterField(
                    model_name="product",
                    name="category",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="products",
                        to="shop.category",
                        verbose_name="category",
                    ),
                ),
            ],
        ),
    ]
