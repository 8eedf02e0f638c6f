import pytest
from django.core.management import call_command

from shop.catalogue_cache import bump_catalogue_generation, catalogue_cache_key, catalogue_generation
from shop.tasks import clear_catalogue_cache

from .factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_a_saved_offer_bumps_the_generation(django_capture_on_commit_callbacks):
    offer = OfferFactory()
    before = catalogue_generation()
    with django_capture_on_commit_callbacks(execute=True):
        offer.price = offer.price + 1
        offer.save()
    assert catalogue_generation() > before


def test_keys_change_with_the_generation():
    key = catalogue_cache_key("offers", "page=1")
    bump_catalogue_generation()
    assert catalogue_cache_key("offers", "page=1") != key


def test_the_command_and_the_task_bump_it(capsys):
    start = catalogue_generation()
    call_command("clear_catalogue_cache")
    assert clear_catalogue_cache.delay().get() == start + 2


@pytest.mark.celery_worker
def test_the_task_runs_on_a_real_worker():
    result = clear_catalogue_cache.delay()
    assert isinstance(result.get(timeout=30), int)
    assert result.state == "SUCCESS"
