"""Composing a file's text into YAML nodes, with YAML 1.2's scalars and without recursion.

libyaml's composer is quick but recurses in C once per level of nesting: a file that could nest
some thousands of levels deep is composed here instead, from the events of PyYAML's own parser,
and reading stops at the first value nested deeper than MAX_DEPTH or the entry past MAX_ENTRIES.
Anchors and aliases are noted, never followed: the file is refused once it has been read.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import yaml

from counterclaim.load.limits import MAX_DEPTH, MAX_ENTRIES

_CLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_PythonLoader: type = yaml.SafeLoader


class _FastLoader(_CLoader):  # type: ignore[misc]
    """libyaml's parser with YAML 1.2 core-schema scalars instead of YAML 1.1's."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


class _PureLoader(_PythonLoader):  # type: ignore[misc]
    """PyYAML's own parser, in Python, with the same scalars: used for files that may nest
    deeply, where libyaml's limits (which differ between its releases) would speak before ours."""

    yaml_implicit_resolvers: ClassVar[dict[str, list[tuple[str, re.Pattern[str]]]]] = {}


for _loader in (_FastLoader, _PureLoader):
    _loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    # Leading zeros stay text: "012345" is more likely an identifier than the number 12345.
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789")
    )
    _loader.add_implicit_resolver(
        "tag:yaml.org,2002:float",
        re.compile(r"^[-+]?(?:(?:0|[1-9][0-9]*)\.[0-9]*|\.[0-9]+|(?:0|[1-9][0-9]*)(?:\.[0-9]*)?[eE][-+]?[0-9]+)$"),
        list("-+0123456789."),
    )


def compose(text: str) -> tuple[yaml.Node | None, Any]:
    """The file's one document as YAML nodes (None if it is empty), and the place of its first
    alias (else anchor), if any. Raises :class:`Refused` when the file nests too deeply or holds
    too many entries, and PyYAML's errors when it is not valid YAML."""
    return _compose(text) if _may_nest_deeply(text) else _compose_quickly(text)


class Refused(Exception):
    """Reading stopped early: the file is nested too deeply or holds too many entries."""

    def __init__(self, mark: Any, message: str, hint: str | None, code: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint, self.code = mark, message, hint, code


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    """The file's one document as YAML nodes, and the place of its first alias (else anchor).

    For files that may be nested deeply, composed here from the events of PyYAML's own parser,
    without recursion, rather than by ``yaml.compose`` with libyaml: libyaml's composer recurses
    in C once per level of nesting (some ten thousand ``[`` crash the process), its scanner slows
    down quadratically with the depth of ``[...]``, and since PyYAML 6.0.4 it stops at a depth
    of its own with a message of its own, placed a thousand characters past the first level
    too deep (its scanner reads ahead). Here reading stops at the first value nested more than
    MAX_DEPTH levels deep, or at the entry past MAX_ENTRIES in one list or group, so none of
    that is ever reached. An alias is not followed: its place is noted, and the file is refused
    once it has been read (after any syntax error in it), so an alias bomb never expands.
    """
    loader = _PureLoader(text)
    try:
        loader.get_event()  # the start of the stream
        if loader.check_event(yaml.StreamEndEvent):
            return None, None
        loader.get_event()  # the start of the document
        root: yaml.Node | None = None
        alias: Any = None
        anchor: Any = None
        # The collections being read, outermost first, and for each the key awaiting its value.
        open_nodes: list[yaml.Node] = []
        keys: list[yaml.Node | None] = []
        resolve, get_event = loader.resolve, loader.get_event
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                open_nodes.pop().end_mark = event.end_mark
                keys.pop()
                continue
            node: yaml.Node
            if kind is yaml.ScalarEvent:
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(yaml.ScalarNode, event.value, event.implicit)
                node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                node_class = yaml.MappingNode if kind is yaml.MappingStartEvent else yaml.SequenceNode
                tag = event.tag
                if tag is None or tag == "!":
                    tag = resolve(node_class, None, event.implicit)
                node = node_class(tag, [], event.start_mark, None, flow_style=event.flow_style)
            elif kind is yaml.AliasEvent:
                alias = alias or event.start_mark
                node = yaml.ScalarNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            else:  # the end of the document
                break
            if anchor is None and event.anchor is not None:
                anchor = event.start_mark
            if open_nodes:
                _attach(open_nodes[-1], keys, node, len(open_nodes))
            else:
                root = node
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                open_nodes.append(node)
                keys.append(None)
        if not loader.check_event(yaml.StreamEndEvent):
            extra = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                root.start_mark if root is not None else None,
                "but found another document",
                extra.start_mark,
            )
        return root, alias or anchor
    finally:
        loader.dispose()


#: At most this many "[" and "{" in a file: flow collections cannot nest deeper than that.
_FLOW_OPENINGS = 1_000
#: A line that starts with this many characters of indentation and of "- ", "? " and ": "
#: indicators (with any tags and anchors between them) may open that many block collections.
_DEEP_LINE = re.compile(r"^(?:[ \t?:\-]|[!&][^ \t\n]*+){1000}", re.MULTILINE)


def _may_nest_deeply(text: str) -> bool:
    """Whether the file could be nested some thousands of levels deep, which crashes libyaml's
    composer; the depth is bounded by the number of brackets and by the longest run of
    indentation and indicators at the start of a line."""
    return text.count("[") + text.count("{") > _FLOW_OPENINGS or _DEEP_LINE.search(text) is not None


def _compose_quickly(text: str) -> tuple[yaml.Node | None, Any]:
    """What :func:`_compose` gives, by libyaml's own composer, for a file that cannot nest deeply."""
    try:
        root = yaml.compose(text, Loader=_FastLoader)
    except yaml.MarkedYAMLError as exc:
        # A libyaml with a lower limit of its own than the depth this file can reach: read it
        # the careful way, so that our limit and message apply.
        if "nesting depth" in f"{exc.problem} {exc.context}":
            return _compose(text)
        raise
    reused = _first_anchor_or_alias(text) if "&" in text or "*" in text else None
    return root, reused


def _first_anchor_or_alias(text: str) -> Any:
    """The place of the first alias (``*name``) in the file, else of its first anchor (``&name``).

    Neither is plain data: an alias repeats a value written elsewhere, and an anchor alone
    silently drops its ``&name`` from what looks like text.
    """
    first_anchor: Any = None
    for event in yaml.parse(text, Loader=_FastLoader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark
        if first_anchor is None and getattr(event, "anchor", None) is not None:
            first_anchor = event.start_mark
    return first_anchor


def _attach(parent: yaml.Node, keys: list[yaml.Node | None], node: yaml.Node, depth: int) -> None:
    """Add ``node``, found ``depth`` levels deep, to ``parent``, the innermost open collection."""
    if depth > MAX_DEPTH and not (
        isinstance(parent, yaml.MappingNode) and keys[-1] is None and type(node) is yaml.ScalarNode
    ):
        # A field name is not a level of its own (its value is), unless it is itself a group.
        message = f"the data is nested more than {MAX_DEPTH} levels deep"
        raise Refused(node.start_mark, message, "write the data with fewer levels of lists and groups", "too-deep")
    if isinstance(parent, yaml.MappingNode):
        key = keys[-1]
        if key is None:  # a field name: its value comes next
            if len(parent.value) >= MAX_ENTRIES:
                raise Refused(node.start_mark, f"this group has more than {MAX_ENTRIES:,} fields", None, "too-many")
            keys[-1] = node
            return
        keys[-1] = None
        entry: Any = (key, node)
    else:
        if len(parent.value) >= MAX_ENTRIES:
            raise Refused(node.start_mark, f"this list has more than {MAX_ENTRIES:,} entries", None, "too-many")
        entry = node
    parent.value.append(entry)
