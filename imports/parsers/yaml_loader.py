"""A safe, fast YAML loader for price lists: rapidyaml (C++) parses, Python only reads the result.

The fast path never walks the file's scalars in Python: rapidyaml parses in place and emits the tree as JSON
(in C++), the C JSON decoder reads it with every number kept as the text written (a duplicate key shows as a
mapping with fewer keys than pairs), and a short walk over the containers down to LINED_DEPTHS records
where the offers sit in the file. Anything unusual — a possible anchor, alias or tag, a duplicate key, a
character the JSON step refuses, nesting beyond MAX_DEPTH — takes the exact path, a walk of every node that
names the line of the problem. A big file is handed here in slices (see yaml_slices).

What it guarantees, whatever the file:
- text stays text: every scalar is read as the exact string written (`010`, `0x1F`, `yes`, `true`, `.5`,
  `5.`, `inf`, `~`, `2024-01-01`, `1:20` are not turned into numbers, booleans or dates as YAML would); only
  an unquoted empty value or `null` is None. rapidyaml's JSON output rewrites a few plain scalars (`true` as
  a JSON boolean, `.5` as 0.5, `5.` as 5.0, `inf` as ".inf"): booleans are turned back into the text they
  were, and a file (a slice) with any of the others, which the JSON cannot tell from 0.5 written so, takes
  the exact path;
  Numbers are validated by the price-list validation, not by YAML;
- anchors, aliases, merge keys, complex keys and tags other than the plain core ones are refused, from the
  node flags rapidyaml sets while parsing, so nothing is ever expanded;
- a duplicate key, nesting deeper than MAX_DEPTH, bytes that are not UTF-8 and one document too many are
  errors naming the line;
- line numbers are the file's lines: each mapping finds its own (and each key's) from where its text sits in
  the parsed buffer, counted in the original text (rapidyaml folds multi-line scalars in place). The
  mappings at LINED_DEPTHS (offers) learn their line while the tree is alive; the tree and its buffer are
  then freed, and any other line (an error, a warning) re-parses the text to answer, so a valid file pays
  for one line per offer.
"""

import ctypes
import json
import re
import sys
import weakref
from collections.abc import Callable
from functools import partial
from typing import IO, Any

import ryml
from django.utils.translation import gettext as _

from imports.exceptions import PriceListInvalid

from .text_encoding import byte_order_mark, guess_encoding

# A price list nests five levels (document → categories → products → offers → parameters); anything much
# deeper is a broken or hostile file, refused before Python's own recursion limit is reached.
MAX_DEPTH = 32


# Depths of the mappings whose line is read before the tree is freed: 2 holds the flat format's goods (and
# both formats' categories), 6 the nested format's offers (document → categories → category → products →
# product → product_infos → offer).
LINED_DEPTHS = frozenset({2, 6})


_NO_NODE = ryml.NONE


_MAP = ryml.MAP


_SEQ = ryml.SEQ


_QUOTED = ryml.VALQUO


_REFUSED = ryml.KEYANCH | ryml.VALANCH | ryml.KEYREF | ryml.VALREF


_TAGGED = ryml.KEYTAG | ryml.VALTAG


_PLAIN_TAGS = {f"!!{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")}


# what rapidyaml's JSON output reads as null; the exact path must agree with it
_NULLS = {"null"}


# `&anchor`, `*alias` or `!tag` where a node may start; a match inside a quoted or plain scalar only sends
# the file down the exact path, which decides.
_INDICATOR = re.compile(rb"(?:^|[\s\[{,])[&*!][^\s,\[\]{}]", re.MULTILINE)


class _PyBuffer(ctypes.Structure):
    """Py_buffer of the C API: how the start address of a memoryview rapidyaml hands back is read."""

    _fields_ = (
        ("buf", ctypes.c_void_p),
        ("obj", ctypes.py_object),
        ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t),
        ("readonly", ctypes.c_int),
        ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p),
        ("shape", ctypes.c_void_p),
        ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p),
        ("internal", ctypes.c_void_p),
    )


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = (ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int)
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = (ctypes.POINTER(_PyBuffer),)


def _address(view: memoryview) -> int:
    buffer = _PyBuffer()
    _get_buffer(view, ctypes.byref(buffer), 0)
    try:
        return buffer.buf or 0
    finally:
        _release_buffer(ctypes.byref(buffer))


def _parse(text: bytes) -> tuple[bytearray, ryml.Tree]:
    """rapidyaml's tree of `text`, parsed in place in a copy of it; the same text always gives the same node ids."""
    content = bytearray(text)
    tree = ryml.Tree()
    # a tree grows by doubling: sized from the text, it is built without the copy and the unused half
    tree.reserve(_node_estimate(content))
    try:
        ryml.parse_in_place(content, tree)
    except ryml.ExceptionParse as exc:
        location = exc.errdata_parse.ymlloc
        message = str(exc.msg if hasattr(exc, "msg") else exc).split("ERROR: ")[-1].split("\n")[0]
        raise PriceListInvalid(
            [{"line": location.line or None, "field": "file", "message": _("Not valid YAML: %s") % message}]
        ) from exc
    except ryml.ExceptionBasic as exc:
        raise PriceListInvalid([{"field": "file", "message": _("Not valid YAML: %s") % exc}]) from exc
    return content, tree


def _node_estimate(content: bytearray) -> int:
    """About one node per key, sequence item and flow collection (each is marked by one of these)."""
    marks = content.count(b":") + content.count(b"- ") + content.count(b"{") + content.count(b"[")
    return marks + marks // 16 + 16


def _nothing() -> None:
    return None


class YamlSource:
    """The parsed buffer and its tree: turns a node into the line its text starts on.

    `release` frees the tree and the buffer; a line asked for afterwards parses the text again.
    """

    def __init__(self, text: bytes, line_offset: int = 0):
        self.text = text
        # added to every line: the text is a slice of the file from a later line on (see yaml_slices)
        self.line_offset = line_offset
        # what the fast path decoded (a weak reference: its mappings hold the source) and from which node,
        # for assign_nodes
        self.document: Callable[[], Any] = _nothing
        self.root = _NO_NODE
        self._load(*_parse(text))

    def _load(self, content: bytearray | None, tree: ryml.Tree | None) -> None:
        self.content = content
        self.tree = tree
        self.handle = None if tree is None else tree.this
        self.start = 0 if content is None else _address(memoryview(content))
        self._last_offset = 0
        self._last_line = 1

    def release(self) -> None:
        self._load(None, None)

    def _ensure_tree(self) -> None:
        if self.tree is None:
            self._load(*_parse(self.text))

    def assign_nodes(self) -> None:
        """Give every mapping of the decoded document its node (the fast path gave them only down to
        LINED_DEPTHS); the same text gives the same node ids, so a re-parsed tree answers too."""
        document = self.document()
        if document is None:
            raise RuntimeError("A line was asked of a YAML mapping whose document is gone.")
        self._ensure_tree()
        api, handle = ryml._ryml, self.handle
        pending = [(document, self.root)]
        while pending:
            value, node = pending.pop()
            if type(value) is LinedMapping:
                value.node = node
                for key, item in value.items():
                    if type(item) is list or type(item) is LinedMapping:
                        pending.append((item, api.Tree_find_child(handle, node, key)))
                continue
            child = api.Tree_first_child(handle, node)
            for item in value:
                if type(item) is list or type(item) is LinedMapping:
                    pending.append((item, child))
                child = api.Tree_next_sibling(handle, child)

    def line_of_offset(self, offset: int) -> int:
        # offers are asked for in file order, so counting on from the last answer keeps the whole walk O(size)
        if offset < self._last_offset:
            self._last_offset, self._last_line = 0, 1
        # the original text: rapidyaml folds a multi-line scalar in place, dropping its line breaks from `content`
        self._last_line += self.text.count(b"\n", self._last_offset, offset)
        self._last_offset = offset
        return self._last_line + self.line_offset

    def line_of_node(self, node: int, *, key: bool = True) -> int | None:
        """The line of a node's key (or its value), else of its first child, else of its nearest parent with
        text; None if unknown."""
        self._ensure_tree()
        tree, handle = ryml._ryml, self.handle
        for candidate in (node, tree.Tree_parent(handle, node) if node != _NO_NODE else _NO_NODE):
            line = self._line_below(candidate, key=key)
            if line is not None:
                return line
        while node != _NO_NODE and tree.Tree_parent(handle, node) != _NO_NODE:
            node = tree.Tree_parent(handle, node)
            if tree.Tree_has_key(handle, node):
                return self._line_below(node, key=True)
        return None

    def _line_below(self, node: int, *, key: bool) -> int | None:
        tree, handle = ryml._ryml, self.handle
        while node != _NO_NODE:
            for present, text in (
                (key and tree.Tree_has_key(handle, node), tree.Tree_key),
                (tree.Tree_has_val(handle, node), tree.Tree_val),
            ):
                view = text(handle, node) if present else None
                if view is not None and len(view):
                    offset = _address(view) - self.start
                    if 0 <= offset < len(self.content):
                        return self.line_of_offset(offset)
            node = tree.Tree_first_child(handle, node)
        return None


class LinedMapping(dict):
    """A YAML mapping that finds its line, and the line of each key, in the file when asked.

    The fast path gives a node only to the mappings down to LINED_DEPTHS; a deeper one asks its source to
    give every mapping its node the first time its line is wanted (an error, a warning)."""

    __slots__ = ("__weakref__", "known_line", "node", "source")

    @property
    def line(self) -> int | None:
        if getattr(self, "known_line", None) is None:
            self.known_line = self.source.line_of_node(self._node())
        return self.known_line

    def _node(self) -> int:
        if getattr(self, "node", None) is None:
            self.source.assign_nodes()
        return self.node

    def line_of(self, key: str) -> int | None:
        node = self._node()
        self.source._ensure_tree()
        tree, handle = ryml._ryml, self.source.handle
        child = tree.Tree_first_child(handle, node)
        while child != _NO_NODE:
            if tree.Tree_has_key(handle, child) and str(tree.Tree_key(handle, child), "utf-8", "replace") == key:
                return self.source.line_of_node(child)
            child = tree.Tree_next_sibling(handle, child)
        return self.line


class _YamlRefused(Exception):
    def __init__(self, line: int | None, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class _TreeWalker:
    """Plain Python values from a rapidyaml tree: dicts, lists, strings and None."""

    def __init__(self, source: YamlSource):
        self.source = source
        handle = source.handle
        api = ryml._ryml
        # bound once, on the raw SWIG handle: one C call per node and question is the walk's whole cost
        self.node_type = partial(api.Tree_type, handle)
        self.key = partial(api.Tree_key, handle)
        self.val = partial(api.Tree_val, handle)
        self.first_child = partial(api.Tree_first_child, handle)
        self.next_sibling = partial(api.Tree_next_sibling, handle)

    def root(self) -> int | None:
        """The document's node, None for an empty file; more than one document is refused."""
        root = self.source.tree.root_id()
        kind = self.node_type(root)
        if kind & ryml.STREAM == ryml.STREAM:  # STREAM includes the SEQ bit
            documents = []
            child = self.first_child(root)
            while child != _NO_NODE:
                documents.append(child)
                child = self.next_sibling(child)
            if len(documents) > 1:
                raise _YamlRefused(self.source.line_of_node(documents[1]), _("Only one YAML document is allowed."))
            if not documents:
                return None
            root = documents[0]
        return root if self.node_type(root) & (_MAP | _SEQ | ryml.VAL) else None

    def _refuse(self, node: int, message: str):
        raise _YamlRefused(self.source.line_of_node(node), message)

    def _check(self, node: int, kind: int) -> None:
        if kind & _REFUSED:
            self._refuse(node, _("YAML anchors and aliases are not allowed."))
        if kind & _TAGGED:
            api, handle = ryml._ryml, self.source.handle
            tags = []
            if kind & ryml.KEYTAG:
                tags.append(str(api.Tree_key_tag(handle, node), "utf-8", "replace"))
            if kind & ryml.VALTAG:
                tags.append(str(api.Tree_val_tag(handle, node), "utf-8", "replace"))
            for tag in tags:
                if "!!" + tag.removeprefix("!!").removeprefix("tag:yaml.org,2002:") not in _PLAIN_TAGS:
                    self._refuse(node, _("YAML tag %s is not allowed.") % tag)

    def value(self, node: int, depth: int) -> Any:
        kind = self.node_type(node)
        if kind & (_REFUSED | _TAGGED):
            self._check(node, kind)
        if kind & _MAP:
            if depth >= MAX_DEPTH:
                self._refuse(node, _("The YAML nests too deep (at most %s levels).") % MAX_DEPTH)
            mapping = LinedMapping()
            mapping.node, mapping.source = node, self.source
            if depth in LINED_DEPTHS:
                mapping.line  # noqa: B018 (read while the tree is alive, see LINED_DEPTHS)
            child = self.first_child(node)
            key_of, value_of, next_sibling = self.key, self.value, self.next_sibling
            while child != _NO_NODE:
                key = sys.intern(self._text(key_of(child), child))
                if key in mapping:
                    self._refuse(child, _("The key %s appears twice in this mapping.") % key)
                mapping[key] = value_of(child, depth + 1)
                child = next_sibling(child)
            return mapping
        if kind & _SEQ:
            if depth >= MAX_DEPTH:
                self._refuse(node, _("The YAML nests too deep (at most %s levels).") % MAX_DEPTH)
            sequence = []
            child = self.first_child(node)
            append, value_of, next_sibling = sequence.append, self.value, self.next_sibling
            while child != _NO_NODE:
                append(value_of(child, depth + 1))
                child = next_sibling(child)
            return sequence
        view = self.val(node)
        if view is None:
            return None
        text = self._text(view, node)
        if not kind & _QUOTED and (not text or text in _NULLS):
            return None
        return text

    def _text(self, view: memoryview | None, node: int) -> str:
        if view is None:
            return ""
        try:
            return str(view, "utf-8")
        except UnicodeDecodeError:
            self._refuse(node, _("The text is not valid UTF-8 (a lone surrogate or a broken character)."))


class _Duplicate(Exception):
    pass


# The deepest mappings whose line the fast path reads; nothing deeper is visited in the tree.
_MAX_LINED = max(LINED_DEPTHS)


def _fast_document(source: YamlSource, root: int) -> Any:
    """The document through rapidyaml's JSON output; None when the exact path must decide."""
    # three byte searches (memchr) spare most files the regex's pass over the whole text
    if any(mark in source.content for mark in (b"&", b"*", b"!")) and _INDICATOR.search(source.content):
        return None

    def mapping(pairs: list) -> LinedMapping:
        # the decoder keeps the last of two equal keys; the exact path names the line of the second
        found = LinedMapping(pairs)
        if len(found) != len(pairs):
            raise _Duplicate
        found.source = source
        return found

    try:
        text = _json_text(source, root)
        if _REWRITTEN.search(text) or text.startswith(("0.", "-0.")):
            return None
        document = json.loads(text, parse_int=str, parse_float=str, object_pairs_hook=mapping)
        if type(document) is list or type(document) is LinedMapping:
            _attach(document, root, source, 0)
        elif document is True or document is False:
            document = _BOOLEAN_WRITTEN[document]
    # JSONDecodeError and UnicodeDecodeError are ValueErrors; ExceptionVisit: rapidyaml's own depth limit
    except (_Duplicate, ValueError, RecursionError, ryml.ExceptionBasic):
        return None
    # a weak reference: no cycle through the source, so the document is freed as soon as it is dropped, with
    # the garbage collector paused (see load_yaml_document) or not
    source.document, source.root = (weakref.ref(document) if type(document) is LinedMapping else lambda: document), root
    return document


# What rapidyaml's JSON output writes for plain scalars whose text it does not keep: `inf`, `.Inf`,
# `-infinity`, `nan`, `.NaN`… become the strings ".inf", "-.inf", ".nan"; `.5` and `5.` become the numbers
# 0.5 and 5.0 (a zero the file may not have: 0.5 and 5.0 written so are found too, and read exactly by the
# exact path). One search, from the dots only (a literal first character keeps it a fast scan).
_REWRITTEN = re.compile(r'\.(?:inf"|nan"|0(?=[\s,\]}])|(?<=[\s\[:,]0\.)|(?<=[\s\[:,]-0\.))')


def _json_text(source: YamlSource, root: int) -> str:
    """rapidyaml's JSON of the tree. Emitted into a buffer of our own: ryml.emit_json never frees the
    one it mallocs (half a megabyte lost per slice of a big file)."""
    buffer = bytearray(3 * len(source.content) + 64)  # the JSON of a price list is 2-2.5 times its YAML
    failed, size = ryml._ryml.emit_json_to_substr(source.tree, root, buffer)
    if failed:
        buffer = bytearray(size)
        failed, size = ryml._ryml.emit_json_to_substr(source.tree, root, buffer)
    # as emit_json decoded it (SWIG's way): a byte that is not UTF-8 becomes a lone surrogate, which the
    # validation refuses at its line and field
    return str(memoryview(buffer)[:size], "utf-8", "surrogateescape")


def _attach(value: Any, node: int, source: YamlSource, depth: int) -> None:
    """Give the mappings down to LINED_DEPTHS their node (and, at LINED_DEPTHS, their line), visiting
    containers only; below, only check the depth (rapidyaml's JSON output allows deeper than MAX_DEPTH).

    ValueError when too deep: the exact path names the line."""
    if depth >= MAX_DEPTH:
        raise ValueError("too deep")
    if depth >= _MAX_LINED:
        if type(value) is LinedMapping:
            value.node = node
            if depth in LINED_DEPTHS:
                value.known_line = _mapping_line(source, node)
        _check_depth(value, depth)
        return
    api, handle = ryml._ryml, source.handle
    if type(value) is LinedMapping:
        value.node = node
        if depth in LINED_DEPTHS:
            value.known_line = _mapping_line(source, node)
        for key, item in value.items():
            if type(item) is str:
                continue
            if type(item) is list or type(item) is LinedMapping:
                _attach(item, api.Tree_find_child(handle, node, key), source, depth + 1)
            elif item is True or item is False:
                value[key] = _BOOLEAN_WRITTEN[item]
        return
    child = api.Tree_first_child(handle, node)
    next_sibling = api.Tree_next_sibling
    if depth + 1 == _MAX_LINED:
        # the offers (or goods): the bulk of the file, so the call per item is spared
        for item in value:
            if type(item) is LinedMapping:
                item.node = child
                item.known_line = _mapping_line(source, child)
                _check_depth(item, depth + 1)
            elif type(item) is list:
                _check_depth(item, depth + 1)
            child = next_sibling(handle, child)
        _restore_booleans(value)
        return
    for item in value:
        if type(item) is list or type(item) is LinedMapping:
            _attach(item, child, source, depth + 1)
        child = next_sibling(handle, child)
    _restore_booleans(value)


# rapidyaml's JSON output writes a plain `true` or `false` (and only these) as a JSON boolean
_BOOLEAN_WRITTEN = {True: "true", False: "false"}


def _restore_booleans(items: list) -> None:
    if True in items or False in items:
        for index, item in enumerate(items):
            if item is True or item is False:
                items[index] = _BOOLEAN_WRITTEN[item]


def _mapping_line(source: YamlSource, node: int) -> int | None:
    """The line of a mapping: its first key's, read straight (line_of_node when it has no key text)."""
    api, handle = ryml._ryml, source.handle
    child = api.Tree_first_child(handle, node)
    if child != _NO_NODE:
        view = api.Tree_key(handle, child)
        if view is not None and len(view):
            offset = _address(view) - source.start
            if 0 <= offset < len(source.content):
                return source.line_of_offset(offset)
    return source.line_of_node(node)


def _check_depth(value: list | dict, depth: int) -> None:
    """ValueError when `value` nests deeper than MAX_DEPTH; the booleans of rapidyaml's JSON output within
    it are turned back into the text written (`true`, `false`: the only plain scalars it writes so)."""
    if depth >= MAX_DEPTH:
        raise ValueError("too deep")
    for key, item in value.items() if type(value) is LinedMapping else enumerate(value):
        if type(item) is str:
            continue
        if type(item) is list or type(item) is LinedMapping:
            _check_depth(item, depth + 1)
        elif item is True or item is False:
            value[key] = _BOOLEAN_WRITTEN[item]


def read_yaml_bytes(stream: IO[bytes] | IO[str] | bytes | str) -> bytes:
    """The file's bytes as UTF-8 without a byte order mark: a file with a UTF-16 or UTF-32 mark is decoded;
    bytes in another encoding are refused with the encoding they look like and the line of the first
    character that is not UTF-8 (rapidyaml would read them as broken characters, line by line)."""
    content = stream if isinstance(stream, bytes | str) else stream.read()
    if isinstance(content, str):
        return content.encode("utf-8", "surrogatepass")
    content = bytes(content)
    marked = byte_order_mark(content)
    if marked is not None:
        mark, codec, name = marked
        content = content[len(mark) :]
        if codec != "utf-8":
            try:
                return content.decode(codec).encode("utf-8", "surrogatepass")
            except UnicodeDecodeError as exc:
                _refuse_encoding(content[: exc.start].decode(codec).count("\n") + 1, name)
    if not content.isascii():
        try:
            content.decode("utf-8")
        except UnicodeDecodeError as exc:
            _refuse_encoding(content.count(b"\n", 0, exc.start) + 1, guess_encoding(content))
    if b"\x00" in content:
        encoding = guess_encoding(content)
        if encoding is not None:  # else a NUL in UTF-8 text: the field holding it is refused
            _refuse_encoding(content.count(b"\n", 0, content.index(b"\x00")) + 1, encoding)
    return content


def _refuse_encoding(line: int, encoding: str | None) -> None:
    if encoding is None:
        message = _("The file is not in UTF-8: save it as UTF-8 and upload it again.")
    else:
        message = _("The file is in %(encoding)s, not UTF-8: save it as UTF-8 and upload it again.")
        message %= {"encoding": encoding}
    raise PriceListInvalid([{"line": line, "field": "file", "message": message}])


def load_yaml_document(stream: IO[bytes] | IO[str] | bytes | str, *, line_offset: int = 0) -> Any:
    """The document's value (LinedMapping/list/str/None), or PriceListInvalid naming the line (plus
    `line_offset`, for a text that is part of a file).

    The tree is freed before returning (see LINED_DEPTHS)."""
    source = YamlSource(read_yaml_bytes(stream), line_offset)
    try:
        walker = _TreeWalker(source)
        root = walker.root()
        if root is None:
            return None
        document = _fast_document(source, root)
        return walker.value(root, 0) if document is None else document
    except _YamlRefused as exc:
        raise PriceListInvalid([{"line": exc.line, "field": "file", "message": exc.message}]) from exc
    finally:
        source.release()
