import factory

from imports.models import ImportRun, ImportStatus
from shop.tests.factories import ShopFactory


class ImportRunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportRun

    shop = factory.SubFactory(ShopFactory)
    source = "shop.yaml"
    status = ImportStatus.APPLIED
    created_count = 3
    updated_count = 2
    withdrawn_count = 1
