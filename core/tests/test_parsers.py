"""The nesting depth of a JSON body is read from its text in linear time; the API's answers are tested in
config/tests/test_json_depth.py."""

import json

import pytest

from core.parsers import MAX_JSON_DEPTH, json_depth_exceeds


def nested(depth: int, opening: str = "[", closing: str = "]") -> str:
    return opening * depth + closing * depth


@pytest.mark.parametrize(
    "text, too_deep",
    [
        (nested(MAX_JSON_DEPTH), False),
        (nested(MAX_JSON_DEPTH + 1), True),
        ('{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1), True),
        ("[" + ",".join(["[]"] * 1000) + "]", False),  # wide, not deep
        (json.dumps(["[" * 1000, "{" * 1000]), False),  # brackets inside strings are text
        (json.dumps(['\\"[' * 100]), False),  # escaped quotes do not end the string
        ('["' + "[" * 100, False),  # an unclosed string runs to the end
        ('"\\' * 50_000, False),  # stray quotes and backslashes: linear, no backtracking
    ],
    ids=["at-limit", "past-limit", "objects", "wide", "in-strings", "escaped-quotes", "unclosed", "quotes"],
)
def test_depth_is_read_from_the_text(text, too_deep):
    assert json_depth_exceeds(text) is too_deep
