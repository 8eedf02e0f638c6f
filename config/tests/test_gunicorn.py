"""`make run` serves through gunicorn: many simultaneous clients all get an answer, static files included."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
import requests

from shop.tests.factories import OfferFactory

pytestmark = pytest.mark.server

CLIENTS = 50


def test_fifty_simultaneous_clients_get_fifty_answers(gunicorn_server):
    offer = OfferFactory()
    base_url = gunicorn_server(WEB_CONCURRENCY="2", GUNICORN_THREADS="4", THROTTLE_CATALOGUE="1000/min")
    paths = [f"/api/v1/products/{offer.product_id}/", "/api/v1/product-infos/", "/healthz"]
    start_together = Barrier(CLIENTS)

    def fetch(number: int) -> tuple[int, str]:
        start_together.wait(timeout=30)
        response = requests.get(base_url + paths[number % len(paths)], timeout=30)
        return response.status_code, response.text

    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        answers = list(pool.map(fetch, range(CLIENTS)))

    assert [status for status, _ in answers] == [200] * CLIENTS
    assert all(offer.product.name in body for status, body in answers[0::3])


def test_static_files_and_the_admin_styles_are_served(gunicorn_server):
    base_url = gunicorn_server(WEB_CONCURRENCY="1", GUNICORN_THREADS="2")
    login_page = requests.get(f"{base_url}/admin/login/", timeout=30)
    assert login_page.status_code == 200
    stylesheet = requests.get(f"{base_url}/static/wagtailadmin/css/core.css", timeout=30)
    assert stylesheet.status_code == 200
    assert stylesheet.headers["Content-Type"].startswith("text/css")


def test_a_chunked_upload_is_refused_not_silently_emptied(gunicorn_server):
    base_url = gunicorn_server(WEB_CONCURRENCY="1", GUNICORN_THREADS="2")

    def body():
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.yaml"\r\n\r\n'
        yield b"shop: A\r\n--x--\r\n"

    response = requests.post(
        f"{base_url}/api/v1/partner/update/",
        data=body(),
        headers={"Content-Type": "multipart/form-data; boundary=x"},
        timeout=30,
    )
    assert response.status_code == 411
    assert response.json()["code"] == "length_required"
