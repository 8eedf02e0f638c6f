from pathlib import Path

import pytest
from django.conf import settings

from benchmarks.generate import write_pricelist
from benchmarks.results_file import write_section
from benchmarks.run_import import report, run_engine, run_per_row_baseline
from imports.parsers.formats import detect_format, parse_pricelist

SAMPLES = Path(settings.BASE_DIR) / "data" / "samples"


@pytest.mark.parametrize("name", ["flat_supplier.yaml", "tabular.csv", "yandex_market.xml"])
def test_the_sample_price_lists_are_valid(name):
    path = SAMPLES / name
    content = path.read_bytes()
    pricelist = parse_pricelist(content, import_format=detect_format(name, head=content[:1024]))
    assert len(pricelist.offers) >= 2


def test_the_generator_is_deterministic(tmp_path):
    first = write_pricelist(tmp_path / "a.yaml", offers=50, variant=1).read_bytes()
    assert first == write_pricelist(tmp_path / "b.yaml", offers=50, variant=1).read_bytes()
    pricelist = parse_pricelist(first, import_format="yaml")
    assert len(pricelist.offers) == 50
    assert all(len(offer.parameters) == 3 for offer in pricelist.offers)


def test_the_generator_writes_the_same_offers_as_yml_and_csv(tmp_path):
    offers = {}
    for form, import_format in (("yml", "yml"), ("csv", "csv")):
        content = write_pricelist(tmp_path / f"p.{form}", offers=40, variant=1, form=form).read_bytes()
        offers[form] = [
            (o.external_id, o.category, o.product, o.price, o.quantity, o.parameters)
            for o in parse_pricelist(content, import_format=import_format).offers
        ]
    assert offers["yml"] == offers["csv"] and len(offers["yml"]) == 40


@pytest.mark.django_db
def test_the_benchmark_runner_measures_every_phase(tmp_path, capsys):
    results = []
    run_engine(offers=200, workdir=tmp_path, results=results)
    run_per_row_baseline(offers=20, workdir=tmp_path, results=results)
    phases = [result.phase for result in results]
    assert phases == [
        "preview (new shop)",
        "apply",
        "preview unchanged (full shop)",
        "re-apply unchanged",
        "apply changes",
        "rollback of the changes",
        "rollback of the first import",
        "per-row ORM import (baseline)",
    ]
    assert all(result.seconds > 0 and result.statements > 0 and result.peak_mb > 0 for result in results)
    report(results)
    assert "re-apply unchanged" in capsys.readouterr().out


def test_a_benchmark_rewrites_only_its_own_section_of_the_results(tmp_path):
    results = tmp_path / "RESULTS.md"
    results.write_text("# Results\n\nNotes before.\n")
    write_section("engine", "make bench", "phase  seconds\napply  1.00", path=results)
    write_section("end-to-end", "make e2e", "format  wall\nCSV  2.00", path=results)
    write_section("engine", "make bench", "phase  seconds\napply  0.50", path=results)
    text = results.read_text()
    assert text.startswith("# Results\n\nNotes before.\n")
    assert "apply  0.50" in text and "apply  1.00" not in text and "CSV  2.00" in text
    assert text.count("<!-- engine:begin -->") == 1 and "Written by `make bench` (" in text
