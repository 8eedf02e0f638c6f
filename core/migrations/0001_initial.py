"""StoreSettings moved here from the back office: only Django's model state is created; the table
(backoffice_storesettings, made by backoffice/migrations/0001) and its rows stay where they are.
backoffice/migrations/0003 drops the old state and hands over the content type."""

import core.models
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='StoreSettings',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('notification_recipients', models.TextField(blank=True, help_text='Staff e-mail addresses that receive a copy of every new order, one per line.', verbose_name='notification recipients')),
                        ('sender_address', models.CharField(blank=True, help_text='The From address of e-mails, e.g. “Order Service <noreply@example.com>”. Empty: the default.', max_length=254, validators=[core.models.validate_sender_address], verbose_name='sender address')),
                        ('low_stock_threshold', models.PositiveIntegerField(default=5, help_text='Active offers with this many units or fewer count as low on stock.', verbose_name='low-stock threshold')),
                        ('imports_withdraw_missing', models.BooleanField(default=True, help_text='When a price list no longer lists an offer, the import makes that offer inactive.', verbose_name='imports withdraw missing offers')),
                    ],
                    options={
                        'verbose_name': 'store settings',
                        'verbose_name_plural': 'store settings',
                        'db_table': 'backoffice_storesettings',
                    },
                ),
            ],
        ),
    ]
