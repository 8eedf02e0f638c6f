"""A safe YAML loader for price lists: plain values only, each mapping remembering its line numbers.

Anchors, aliases and tags beyond plain YAML types are refused, so no alias bomb can be expanded.
"""

import sys
from array import array
from decimal import Decimal, InvalidOperation
from typing import IO, Any

import yaml
from django.utils.translation import gettext as _

from imports.exceptions import PriceListInvalid

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_TAG = "tag:yaml.org,2002:"


_PLAIN_SCALAR_TAGS = {f"{_TAG}{name}" for name in ("str", "int", "float", "bool", "null", "timestamp")}


_COLLECTION_TAGS = {None, "!", f"{_TAG}map", f"{_TAG}seq"}


class LinedMapping(dict):
    """A YAML mapping that remembers its line and the line of each key (in insertion order; None when
    every key is on the mapping's own line)."""

    __slots__ = ("key_lines", "line")

    def line_of(self, key: str) -> int:
        if self.key_lines is None:
            return self.line
        for index, candidate in enumerate(self):
            if candidate == key:
                return self.key_lines[index]
        return self.line


class LinedSequence(list):
    __slots__ = ("line",)


class _YamlRefused(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _YamlBuilder:
    """Builds plain Python values from the parser's event stream, refusing anchors, aliases and tags
    beyond plain YAML types. No node graph is kept, so no alias can ever be expanded."""

    def __init__(self, loader):
        self.loader = loader
        self.resolved: dict[str, Any] = {}

    def document(self) -> Any:
        self._expect(yaml.StreamStartEvent)
        event = self._next()
        if isinstance(event, yaml.StreamEndEvent):
            return None
        if not isinstance(event, yaml.DocumentStartEvent):
            raise _YamlRefused(event.start_mark.line + 1, _("Unexpected YAML content."))
        value = self._value(self._next())
        event = self._next()
        if not isinstance(event, yaml.DocumentEndEvent):
            raise _YamlRefused(event.start_mark.line + 1, _("Only one YAML document is allowed."))
        event = self._next()
        if not isinstance(event, yaml.StreamEndEvent):
            raise _YamlRefused(event.start_mark.line + 1, _("Only one YAML document is allowed."))
        return value

    def _next(self):
        return self.loader.get_event()

    def _expect(self, kind):
        event = self._next()
        if not isinstance(event, kind):
            raise _YamlRefused(event.start_mark.line + 1, _("Unexpected YAML content."))

    def _value(self, event) -> Any:
        kind = type(event)
        if kind is yaml.ScalarEvent and event.anchor is None:
            return self._scalar(event)
        line = event.start_mark.line + 1
        if kind is yaml.AliasEvent or event.anchor is not None:
            raise _YamlRefused(line, _("YAML anchors and aliases are not allowed."))
        if event.tag not in _COLLECTION_TAGS:
            raise _YamlRefused(line, _("YAML tag %s is not allowed.") % event.tag)
        next_event, value_of = self.loader.get_event, self._value
        if kind is yaml.MappingStartEvent:
            mapping = LinedMapping()
            mapping.line = line
            key_lines = []
            while type(event := next_event()) is not yaml.MappingEndEvent:
                key = value_of(event)
                if isinstance(key, dict | list):
                    raise _YamlRefused(event.start_mark.line + 1, _("Mapping keys must be plain values."))
                key_lines.append(event.start_mark.line + 1)
                mapping[sys.intern(key) if type(key) is str else key] = value_of(next_event())
            # a flow mapping sits on one line: no per-key lines to keep (a big file has 100,000s of them)
            mapping.key_lines = None if all(at == line for at in key_lines) else array("I", key_lines)
            return mapping
        sequence = LinedSequence()
        sequence.line = line
        while type(event := next_event()) is not yaml.SequenceEndEvent:
            sequence.append(value_of(event))
        return sequence

    def _scalar(self, event) -> Any:
        value = event.value
        tag = event.tag
        implicit = tag is None or tag == "!"
        if implicit:
            if not event.implicit[0]:
                return value
            cached = self.resolved.get(value)
            if cached is not None:
                return cached
            tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        elif tag not in _PLAIN_SCALAR_TAGS:
            raise _YamlRefused(event.start_mark.line + 1, _("YAML tag %s is not allowed.") % tag)
        if tag == f"{_TAG}str" or tag == f"{_TAG}timestamp":
            return value
        if tag == f"{_TAG}null":
            return None
        if tag == f"{_TAG}float":
            try:
                result = Decimal(value.replace("_", ""))
            except InvalidOperation:
                return value
        else:
            method = {f"{_TAG}int": "construct_yaml_int", f"{_TAG}bool": "construct_yaml_bool"}.get(tag)
            if method is None:
                raise _YamlRefused(event.start_mark.line + 1, _("YAML tag %s is not allowed.") % tag)
            try:
                result = getattr(self.loader, method)(yaml.ScalarNode(tag, value))
            except (ValueError, yaml.YAMLError):
                return value
        if implicit and len(value) <= 16:
            self.resolved[value] = result
        return result


def load_yaml_document(stream: IO[bytes] | IO[str] | bytes | str) -> Any:
    loader = SafeLoader(stream)
    try:
        return _YamlBuilder(loader).document()
    except _YamlRefused as exc:
        raise PriceListInvalid([{"line": exc.line, "field": "file", "message": exc.message}]) from exc
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise PriceListInvalid(
            [{"line": line, "field": "file", "message": _("Not valid YAML: %s") % exc.problem}]
        ) from exc
    except yaml.YAMLError as exc:
        raise PriceListInvalid([{"field": "file", "message": _("Not valid YAML: %s") % exc}]) from exc
    finally:
        loader.dispose()
