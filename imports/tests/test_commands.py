import gc

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from imports.models import ImportRun, ImportStatus
from shop.models import Offer

from .conftest import PRICELIST, catalogue_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def pricelist_file(tmp_path):
    path = tmp_path / "prices.yaml"
    path.write_text(PRICELIST)
    return path


def test_dry_run_prints_the_summary_and_changes_nothing(shop, pricelist_file, capsys):
    call_command("import_pricelist", str(pricelist_file), "--shop", shop.slug, "--dry-run")
    out = capsys.readouterr().out
    assert "Preview for Test shop" in out and "created           3" in out
    assert not Offer.objects.exists()
    assert ImportRun.objects.get().status == ImportStatus.PREVIEWED


def test_import_then_rollback_from_the_command_line(shop, pricelist_file, capsys):
    before = catalogue_snapshot()
    call_command("import_pricelist", str(pricelist_file), "--shop", str(shop.pk))
    assert "applied to Test shop" in capsys.readouterr().out
    assert Offer.objects.filter(shop=shop).count() == 3
    run = ImportRun.objects.get()
    call_command("rollback_import", str(run.pk))
    assert "rolled back" in capsys.readouterr().out
    assert catalogue_snapshot() == before


def test_csv_with_an_explicit_format(shop, tmp_path):
    path = tmp_path / "prices.txt"
    path.write_text("category,product,name,price,quantity\nC,P,O,1.5,2\n")
    call_command("import_pricelist", str(path), "--shop", shop.name, "--format", "csv")
    assert Offer.objects.get().price == pytest.approx(1.5)


def test_an_invalid_file_lists_every_error_and_changes_nothing(shop, tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(PRICELIST.replace("price: 100\n", "price: -1\n").replace("quantity: 3", "quantity: x"))
    with pytest.raises(CommandError) as caught:
        call_command("import_pricelist", str(path), "--shop", shop.slug)
    assert "line 10, price: -1 is negative: write 0 or more." in str(caught.value)
    assert "line 20, quantity" in str(caught.value)
    assert not Offer.objects.exists()


def test_a_refused_file_prints_each_problem_not_their_count(shop, pricelist_file, settings):
    settings.PRICELIST_MAX_BYTES = 2**20 // 10
    pricelist_file.write_text(PRICELIST + "#" * 2**20)
    with pytest.raises(CommandError) as caught:
        call_command("import_pricelist", str(pricelist_file), "--shop", shop.slug)
    assert str(caught.value) == (
        "The price list was refused; nothing was changed:\n"
        "  file: The file is 1.0 MB; at most 0.1 MB are accepted. Split the price list into smaller files."
    )
    assert not ImportRun.objects.exists()


def test_unknown_shop_file_or_run_are_command_errors(shop, pricelist_file):
    with pytest.raises(CommandError, match="No shop"):
        call_command("import_pricelist", str(pricelist_file), "--shop", "nope")
    with pytest.raises(CommandError, match="No such file"):
        call_command("import_pricelist", "/nonexistent.yaml", "--shop", shop.slug)
    with pytest.raises(CommandError, match="No import"):
        call_command("rollback_import", "999")


def test_rolling_back_a_previewed_run_is_refused_with_the_reason(shop, pricelist_file):
    call_command("import_pricelist", str(pricelist_file), "--shop", shop.slug, "--dry-run")
    with pytest.raises(CommandError, match="Only an applied import"):
        call_command("rollback_import", str(ImportRun.objects.get().pk))


def test_the_import_command_skips_the_system_checks():
    from imports.management.commands.import_pricelist import Command

    assert Command.requires_system_checks == []


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("name: S\ncategories:\n  - name: C\n    products: 5\n", "line 4, products"),
        ("name: S\nname: T\n", "line 2, file"),
        (
            'name: S\ncategories:\n  - name: "C\\0"\n    products: [{name: P, product_infos: [{name: O}]}]\n',
            "category: Holds",
        ),
    ],
)
def test_a_malformed_file_is_a_command_error_and_a_failed_run(shop, tmp_path, text, where):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(CommandError) as caught:
        call_command("import_pricelist", str(path), "--shop", shop.slug)
    assert where in str(caught.value)
    assert ImportRun.objects.get().status == ImportStatus.FAILED


def test_a_shell_run_freezes_the_start_up_objects_and_call_command_does_not(shop, pricelist_file, monkeypatch):
    from django.core.management.base import BaseCommand

    from imports.management.commands.import_pricelist import Command

    calls = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(BaseCommand, "run_from_argv", lambda self, argv: calls.append(argv))
    call_command("import_pricelist", str(pricelist_file), "--shop", shop.slug, "--dry-run")
    assert calls == []
    Command().run_from_argv(["manage.py", "import_pricelist", str(pricelist_file)])
    assert calls == ["freeze", ["manage.py", "import_pricelist", str(pricelist_file)]]


def test_the_command_line_speaks_the_active_language(shop, pricelist_file, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(PRICELIST.replace("price: 100\n", "price: -1\n").replace("quantity: 3", "quantity: x"))
    with translation.override("ru"):
        call_command("import_pricelist", str(pricelist_file), "--shop", shop.slug, "--dry-run")
        assert "Предпросмотр для магазина Test shop" in capsys.readouterr().out
        with pytest.raises(CommandError, match="Нет магазина «nope»"):
            call_command("import_pricelist", str(pricelist_file), "--shop", "nope")
        with pytest.raises(CommandError, match="Нет такого файла"):
            call_command("import_pricelist", "/nonexistent.yaml", "--shop", shop.slug)
        with pytest.raises(
            CommandError, match=r"Прайс-лист содержит ошибки \(2 ошибки\); ничего не изменено"
        ) as refused:
            call_command("import_pricelist", str(bad), "--shop", shop.slug)
        assert "\n  строка " in str(refused.value) and "line" not in str(refused.value)
        with pytest.raises(CommandError, match="Нет импорта №999"):
            call_command("rollback_import", "999")
        with pytest.raises(CommandError, match="Нет магазина «nope»"):
            call_command("export_pricelist", str(tmp_path / "out.csv"), "--shop", "nope")
        assert str(ImportRun.objects.first()).startswith("Импорт №")
