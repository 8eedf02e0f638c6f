import pytest

from core.spreadsheets import neutralise_csv_cell


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_looking_text_gets_a_quote(value):
    assert neutralise_csv_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Phone", "", "1=1", 5, None, -3])
def test_other_cells_are_unchanged(value):
    assert neutralise_csv_cell(value) == value
