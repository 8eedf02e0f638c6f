"""EmailTemplate moved here from the back office: only Django's model state is created; the table
(backoffice_emailtemplate, made by backoffice/migrations/0001) and its rows stay where they are.
backoffice/migrations/0003 drops the old state and hands over the content type."""

import wagtail.models.preview
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='EmailTemplate',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('key', models.CharField(max_length=100, unique=True, verbose_name='notification')),
                        ('subject', models.CharField(max_length=255, verbose_name='subject')),
                        ('text_body', models.TextField(verbose_name='text body')),
                        ('html_body', models.TextField(blank=True, help_text='Optional; leave empty for text-only.', verbose_name='HTML body')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated')),
                    ],
                    options={
                        'verbose_name': 'e-mail template',
                        'verbose_name_plural': 'e-mail templates',
                        'db_table': 'backoffice_emailtemplate',
                        'ordering': ['key'],
                    },
                    bases=(wagtail.models.preview.PreviewableMixin, models.Model),
                ),
            ],
        ),
    ]
