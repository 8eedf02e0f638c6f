import pytest
from django.core.exceptions import ValidationError

from core.search_limits import (
    SEARCH_MAX_LENGTH,
    SEARCH_MAX_WORDS,
    bounded_search_text,
    search_word_count,
    validate_search_text,
)


def test_words_are_the_pieces_between_spaces_and_commas():
    assert search_word_count("iPhone 15,pro ,  max!! ") == 4
    assert search_word_count(" , ,, ") == 0


@pytest.mark.parametrize(
    "text, code",
    [("a " * (SEARCH_MAX_WORDS + 1), "too_many_words"), ("a" * (SEARCH_MAX_LENGTH + 1), "too_long")],
)
def test_over_the_limits_is_refused(text, code):
    with pytest.raises(ValidationError) as caught:
        validate_search_text(text)
    assert caught.value.code == code


def test_the_length_is_checked_first():
    with pytest.raises(ValidationError) as caught:
        validate_search_text("a " * 1300)
    assert caught.value.code == "too_long"


def test_within_the_limits_passes_and_is_kept_as_it_is():
    text = " ".join(["word"] * SEARCH_MAX_WORDS)
    validate_search_text(text)
    assert bounded_search_text(text) == text


def test_a_search_is_shortened_to_its_first_words_within_the_length():
    assert bounded_search_text("a, " * 1300) == ", ".join(["a"] * SEARCH_MAX_WORDS)
    assert bounded_search_text("x" * 1000) == "x" * SEARCH_MAX_LENGTH
