"""The API's JSON parser: DRF's, with a nesting limit checked on the text before it is parsed.

Python's decoder recurses once per `[` or `{`: a body nested a thousand deep raised RecursionError, a 500, on
every JSON endpoint, anonymous ones included. No request of ours nests deeper than a handful of levels.
"""

import re
from itertools import accumulate

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError
from rest_framework.utils import json

MAX_JSON_DEPTH = 32
# A JSON string, closed or running to the end of an invalid body, possessive so a stray quote never
# backtracks: the brackets inside strings are text, not nesting.
_STRING = re.compile(r'"(?:[^"\\]|\\.?)*+(?:"|\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DEPTH_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def json_depth_exceeds(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the JSON `text` nests arrays and objects more than `limit` deep, in linear time.

    A text with at most `limit` opening brackets cannot (the common case, two counts); otherwise its strings
    are dropped and the running depth of the brackets left is followed."""
    if text.count("[") + text.count("{") <= limit:
        return False
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_DEPTH_STEP.__getitem__, brackets)), default=0) > limit


class JSONParser(parsers.JSONParser):
    """400 `parse_error` for a body nested deeper than MAX_JSON_DEPTH, before the decoder sees it."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = parsers.get_encoding(parser_context or {})
        try:
            text = stream.read().decode(encoding)
        except UnicodeDecodeError as exc:
            raise ParseError(_("The request body is not valid %(encoding)s.") % {"encoding": encoding}) from exc
        if json_depth_exceeds(text):
            raise ParseError(
                ngettext(
                    "The JSON body is nested more than %(limit)d level deep.",
                    "The JSON body is nested more than %(limit)d levels deep.",
                    MAX_JSON_DEPTH,
                )
                % {"limit": MAX_JSON_DEPTH}
            )
        try:
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:
            raise ParseError(_("The JSON body is not valid: %(error)s") % {"error": exc}) from exc
