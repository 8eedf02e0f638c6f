"""A big YAML price list read in slices, so rapidyaml's tree never holds the whole file.

A price list's bulk is one block sequence (`goods`, or `categories` → `products` → `product_infos`). Its
items start at lines `<J spaces>- `, found with byte searches, and are parsed a slice of about SLICE_BYTES
at a time, each slice as the text

    <the lines that open the containers above the sequence, at their columns>   e.g. `categories:`
    <the slice, as in the file>                                                   `- products:`

so rapidyaml sees each item in the same block context as in the whole file (block structure is decided
by the columns of the open containers, which these lines reproduce); its lines are counted on from the
slice's first line in the file. The rest of the document (the shop's name, the categories of the flat
format, a category's name) is parsed with the sequence's lines left blank: same lines, same context. A
single item bigger than a slice is read the same way one level down when it holds one of _ITEM_KEYS.

Why a cut cannot change what the file means: a line `<J spaces>- ` can sit inside a block or plain
scalar of an item only if more indented than the item; inside a quoted scalar or a flow collection it
leaves the slice before it unterminated, which rapidyaml refuses. Anything unexpected — a slice that does
not parse, a slice that is not the expected sequence, a key line that the parse does not confirm — raises
SlicingFailed, and the caller reads the whole file instead, which decides (and names the line of any error).
"""

import re
from collections.abc import Iterator
from typing import Any

from imports.exceptions import PriceListInvalid

from .yaml_loader import LinedMapping, load_yaml_document

# About 15,000 nodes (2 MB of tree) per slice: a bigger slice only costs memory, a much smaller one calls.
SLICE_BYTES = 1 << 18


class SlicingFailed(Exception):
    """The file is not in a shape read exactly in slices: read it whole."""


_MEANINGFUL_LINE = re.compile(rb"^[ \t]*[^ \t\r\n#]", re.MULTILINE)


def load_sliced(content: bytes, keys: tuple[str, ...]) -> Any | None:
    """The document, its biggest root block sequence under one of `keys` a SlicedSequence; None when the
    file holds no such sequence. SlicingFailed (also while the sequence is iterated) when it must be read whole.
    """
    reader = _SliceReader(content)
    found = []
    for key in keys:
        line_start = _root_key_line(content, key.encode())
        if line_start is not None:
            extent = reader.extent(line_start, 0, len(content))
            if extent is not None:
                found.append((extent[2] - extent[1], key, line_start, extent))
    if not found:
        return None
    _size, key, line_start, (dash_column, items_start, end) = max(found)
    document = reader.parse(reader.blanked(0, len(content), line_start, end), b"", 0)
    reader.confirm_key(document, key, line_start)
    prefix = key.encode() + b":\n"
    document[key] = SlicedSequence(reader, prefix, (key,), items_start, end, dash_column)
    return document


def _root_key_line(content: bytes, key: bytes) -> int | None:
    """Where the first line `key:` (nothing else but a comment) at column 0 starts."""
    found = content.find(b"\n" + key)
    start = 0 if content.startswith(key) else (found + 1 if found >= 0 else -1)
    while start >= 0:
        if _KEY_TAIL.match(content, start + len(key)):
            return start
        found = content.find(b"\n" + key, start)
        start = found + 1 if found >= 0 else -1
    return None


# what may follow a key on its line when its value is a block below it
_KEY_TAIL = re.compile(rb"[ \t]*:[ \t]*(?:#[^\r\n]*)?\r?(?:\n|\Z)")


class SlicedSequence:
    """The items of a big block sequence, parsed slice by slice as they are iterated."""

    def __init__(self, reader: "_SliceReader", prefix: bytes, keys: tuple[str, ...], start: int, end: int, dash: int):
        self._reader, self._prefix, self._keys = reader, prefix, keys
        self._start, self._end, self._dash = start, end, dash

    def __iter__(self) -> Iterator[Any]:
        return self._reader.items(self._prefix, self._keys, self._start, self._end, self._dash)


class _SliceReader:
    def __init__(self, content: bytes):
        self.content = content
        # line numbers are asked for in file order: counting on from the last answer keeps it O(size)
        self._offset, self._line = 0, 1

    def line_at(self, offset: int) -> int:
        if offset < self._offset:
            self._offset, self._line = 0, 1
        self._line += self.content.count(b"\n", self._offset, offset)
        self._offset = offset
        return self._line

    def parse(self, text: bytes, prefix: bytes, first_line: int) -> Any:
        """`text` parsed as the file's lines from `first_line` on, below the containers `prefix` opens."""
        offset = first_line - 1 - prefix.count(b"\n") if first_line else 0
        if offset < 0:
            raise SlicingFailed
        try:
            return load_yaml_document(prefix + text, line_offset=offset)
        except PriceListInvalid as exc:
            raise SlicingFailed from exc

    def blanked(self, start: int, stop: int, key_line: int, end: int) -> bytes:
        """content[start:stop] with the sequence after the key line at `key_line` (up to `end`) left as
        blank lines, so the key's value is null and every later line keeps its number."""
        content = self.content
        after_key = content.find(b"\n", key_line, end) + 1
        return content[start:after_key] + b"\n" * content.count(b"\n", after_key, end) + content[end:stop]

    def confirm_key(self, mapping: Any, key: str, line_start: int) -> None:
        """The parse agrees that the line found by the byte search is the key of a null value in `mapping`."""
        if type(mapping) is not LinedMapping or key not in mapping or mapping[key] is not None:
            raise SlicingFailed
        if mapping.line_of(key) != self.line_at(line_start):
            raise SlicingFailed

    def extent(self, key_line: int, key_column: int, limit: int) -> tuple[int, int, int] | None:
        """(dash column, start, end) of the block sequence that is the value of the key on the line starting
        at `key_line`, within `limit`; None when the value is not a block sequence."""
        content = self.content
        after_key = content.find(b"\n", key_line, limit) + 1
        if not after_key:
            return None
        first = _MEANINGFUL_LINE.search(content, after_key, limit)
        if first is None:
            return None
        items_start = first.start()
        dash = first.end() - 1 - items_start
        if (
            content[first.end() - 1 : first.end()] != b"-"
            or content[first.end() : first.end() + 1] not in (b" ", b"\t", b"\r", b"\n", b"")
            or b"\t" in content[items_start : first.end()]
            or dash < key_column
        ):
            return None
        found = _end_pattern(key_column, dash == key_column).search(content, items_start, limit)
        end = limit if found is None else found.start() + 1
        if found is not None and dash > key_column and _is_item(content, end, key_column):
            return None  # an item at the key's own column after deeper ones: the whole file decides
        return dash, items_start, end

    def items(self, prefix: bytes, keys: tuple[str, ...], start: int, end: int, dash: int) -> Iterator[Any]:
        marker = b"\n" + b" " * dash + b"-"
        position = start
        while position < end:
            target = position + SLICE_BYTES
            cut = _next_item(self.content, marker, target, end) if target < end else end
            last = _last_item(self.content, marker, position + 1, cut)
            if last > position and cut - last > SLICE_BYTES:
                cut = last  # the big item last in this slice gets a turn of its own
            if last < position and cut - position > SLICE_BYTES:
                # the slice's document stays referenced while its items are used: their mappings find
                # their nodes (for a line) through it
                document, item = self._big_item(prefix, keys, position, cut, dash)
                yield item
            else:
                document = self.parse(self.content[position:cut], prefix, self.line_at(position))
                items = _unwrapped(document, keys)
                for index, item in enumerate(items):
                    yield item
                    # dropped once used, not before: a mapping finds its node (for a line) from the document down
                    items[index] = None
            del document
            position = cut

    def _big_item(self, prefix: bytes, keys: tuple[str, ...], start: int, end: int, dash: int) -> tuple[Any, Any]:
        """(slice document, item) for one item bigger than a slice: itself sliced under the biggest of its
        block sequences when it has one of _ITEM_KEYS."""
        content = self.content
        first_line_end = content.find(b"\n", start, end)
        first_line = content[start : end if first_line_end < 0 else first_line_end]
        opening = re.match(rb" *- +(?=[^ \t\r\n#])", first_line)
        found = []
        if opening is not None:
            column = opening.end()
            for key in _ITEM_KEYS:
                line_start = _item_key_line(content, key, start, end, column)
                extent = None if line_start is None else self.extent(line_start, column, end)
                if extent is not None:
                    found.append((extent[2] - extent[1], key, line_start, extent))
        if not found:
            document = self.parse(content[start:end], prefix, self.line_at(start))
            return document, _only(_unwrapped(document, keys))
        _size, key, line_start, (inner_dash, items_start, inner_end) = max(found)
        document = self.parse(self.blanked(start, end, line_start, inner_end), prefix, self.line_at(start))
        item = _only(_unwrapped(document, keys))
        self.confirm_key(item, key.decode(), line_start)
        inner_prefix = prefix + b" " * dash + b"-" + b" " * (column - dash - 1) + key + b":\n"
        inner_keys = (*keys, key.decode())
        item[key.decode()] = SlicedSequence(self, inner_prefix, inner_keys, items_start, inner_end, inner_dash)
        return document, item


# keys of an item whose sequence may itself be sliced (a category's products, a product's offers)
_ITEM_KEYS = (b"products", b"product_infos")


def _item_key_line(content: bytes, key: bytes, start: int, end: int, column: int) -> int | None:
    """Where the line holding `key:` at the item's key column starts: its first line, or a later one."""
    if content.startswith(key, start + column) and _KEY_TAIL.match(content, start + column + len(key)):
        return start
    marker = b"\n" + b" " * column + key
    found = content.find(marker, start, end)
    while found >= 0:
        if _KEY_TAIL.match(content, found + len(marker)):
            return found + 1
        found = content.find(marker, found + 1, end)
    return None


_END_PATTERNS: dict[tuple[int, bool], re.Pattern] = {}


def _end_pattern(key_column: int, compact: bool) -> re.Pattern:
    """The first line after a block sequence: one with text at the key's column or less (a comment aside),
    not an item of a sequence written at the key's own column."""
    pattern = _END_PATTERNS.get((key_column, compact))
    if pattern is None:
        shallower = rb"| {0,%d}" % (key_column - 1) if key_column else b""
        at_column = rb" {%d}(?!-(?:[ \t\r\n]|\Z))" % key_column if compact else rb" {0,%d}" % key_column
        pattern = re.compile(rb"\n(?:" + at_column + shallower + rb")[^ \t\r\n#]")
        _END_PATTERNS[(key_column, compact)] = pattern
    return pattern


def _is_item(content: bytes, line_start: int, column: int) -> bool:
    return content[line_start : line_start + column + 1] == b" " * column + b"-" and content[
        line_start + column + 1 : line_start + column + 2
    ] in (b" ", b"\t", b"\r", b"\n", b"")


def _next_item(content: bytes, marker: bytes, start: int, end: int) -> int:
    """Where the first item line at or after `start` begins; `end` if none."""
    found = content.find(marker, start - 1, end)
    while found >= 0:
        if content[found + len(marker) : found + len(marker) + 1] in (b" ", b"\t", b"\r", b"\n", b""):
            return found + 1
        found = content.find(marker, found + 1, end)
    return end


def _last_item(content: bytes, marker: bytes, start: int, end: int) -> int:
    """Where the last item line beginning in [start, end) begins; -1 if none."""
    found = content.rfind(marker, start - 1, end - 1)
    while found >= 0:
        if content[found + len(marker) : found + len(marker) + 1] in (b" ", b"\t", b"\r", b"\n", b""):
            return found + 1
        found = content.rfind(marker, start - 1, found)
    return -1


def _unwrapped(document: Any, keys: tuple[str, ...]) -> list:
    """The sequence's items out of a slice's document, which must be exactly the containers the prefix
    opened around them."""
    value = document
    for depth, key in enumerate(keys):
        if type(value) is not LinedMapping or len(value) != 1 or key not in value:
            raise SlicingFailed
        value = value[key]
        if depth < len(keys) - 1:
            if type(value) is not list or len(value) != 1:
                raise SlicingFailed
            value = value[0]
    if type(value) is not list or not value:
        raise SlicingFailed
    return value


def _only(items: list) -> Any:
    if len(items) != 1:
        raise SlicingFailed
    return items[0]
