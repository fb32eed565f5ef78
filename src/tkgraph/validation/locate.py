"""Find the line of a subject, a property or a value in a Turtle file.

rdflib, pyoxigraph and pySHACL keep no line numbers, so the file's text is
read again: a small tokenizer follows the Turtle statement structure
(subject, then ``predicate object`` pairs separated by ``;`` and ``,``, up to
``.``) and records the first line where each subject starts a statement,
where each of its predicates appears, and where each value appears.
Prefixed names are expanded with the file's own ``@prefix`` lines.

Only files that have a problem are indexed, so a clean data set costs nothing.
The index is approximate inside nested blank nodes and collections (it skips
them); lookups fall back from value to property to subject to the first
mention of the IRI anywhere, and finally to line 1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

from rdflib import Literal
from rdflib.term import Node

from tkgraph.rdf.vocab import RDF

_ESCAPABLE = r"[-_~.!$&'()*+,;=/?#@%]"
_PN_CHAR = rf"(?:[\w\-:%]|\\{_ESCAPABLE})"
_PN_CHAR_OR_DOT = rf"(?:[\w\-:%.]|\\{_ESCAPABLE})"
_TOKENS = re.compile(
    rf"""
    (?P<nl>\n)
  | (?P<space>[ \t\r]+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             |'''(?:[^'\\]|\\.|'(?!''))*'''
             |"(?:[^"\\\n]|\\.)*"
             |'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{{}}|^`\\\s]*>)
  | (?P<directive>@prefix\b|@base\b)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<datatype>\^\^)
  | (?P<bnode>_:{_PN_CHAR}(?:{_PN_CHAR_OR_DOT}*{_PN_CHAR})?)
  | (?P<pname>(?:[A-Za-z](?:[\w\-.]*[\w\-])?)?:(?:{_PN_CHAR}(?:{_PN_CHAR_OR_DOT}*{_PN_CHAR})?)?)
  | (?P<number>[+-]?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?))
  | (?P<word>[A-Za-z]+)
  | (?P<punct>[.;,\[\]()])
  | (?P<other>.)
    """,
    re.VERBOSE,
)
_UNESCAPE_LOCAL = re.compile(rf"\\({_ESCAPABLE})")
_STRING_ESCAPES = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    line: int


@dataclass
class FileIndex:
    """First lines of subjects, (subject, predicate) and (subject, predicate, value)."""

    subjects: dict[str, int] = field(default_factory=dict)
    predicates: dict[tuple[str, str], int] = field(default_factory=dict)
    values: dict[tuple[str, str, str], int] = field(default_factory=dict)
    mentions: dict[str, int] = field(default_factory=dict)

    def line_of(
        self, subject: Node | None, predicate: Node | None = None, value: Node | None = None
    ) -> int:
        s = str(subject) if subject is not None else None
        p = str(predicate) if predicate is not None else None
        if s is not None and p is not None and value is not None:
            found = self.values.get((s, p, _value_key(value)))
            if found is not None:
                return found
        if s is not None and p is not None and (s, p) in self.predicates:
            return self.predicates[(s, p)]
        if s is not None and s in self.subjects:
            return self.subjects[s]
        if s is not None and s in self.mentions:
            return self.mentions[s]
        if value is not None and str(value) in self.mentions:
            return self.mentions[str(value)]
        return 1


class Locator:
    """Indexes files on first use; one Locator serves one validation run."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self._paths = paths  # relative name -> file on disk
        self._indexes: dict[str, FileIndex] = {}

    def line_of(
        self,
        file: str,
        subject: Node | None,
        predicate: Node | None = None,
        value: Node | None = None,
    ) -> int:
        return self.index(file).line_of(subject, predicate, value)

    def index(self, file: str) -> FileIndex:
        if file not in self._indexes:
            path = self._paths[file]
            text = path.read_text(encoding="utf-8", errors="replace")
            self._indexes[file] = index_turtle(text, path.resolve().as_uri())
        return self._indexes[file]


def index_turtle(text: str, base: str) -> FileIndex:
    """Index a Turtle document (assumed to parse; unexpected tokens are skipped)."""
    return _Walker(base).run(_significant_tokens(text))


def _significant_tokens(text: str) -> Iterator[_Token]:
    line = 1
    for match in _TOKENS.finditer(text):
        kind = match.lastgroup or "other"
        token_text = match.group()
        if kind not in ("nl", "space", "comment"):
            yield _Token(kind, token_text, line)
        line += token_text.count("\n")


def _value_key(node: Node) -> str:
    if isinstance(node, Literal):
        return "literal:" + str(node)
    return "iri:" + str(node)


class _Walker:
    """Follows ``subject predicate object (, object)* (; predicate ...)* .`` at the top level."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.prefixes: dict[str, str] = {}
        self.index = FileIndex()

    def run(self, tokens: Iterator[_Token]) -> FileIndex:
        stream = _Lookahead(tokens)
        while (token := stream.next()) is not None:
            if token.kind == "directive" or (
                token.kind == "word" and token.text.upper() in ("PREFIX", "BASE")
            ):
                self._directive(token, stream)
            elif token.kind in ("iri", "pname", "bnode") or token.text in ("[", "("):
                self._statement(token, stream)
        return self.index

    def _directive(self, token: _Token, stream: _Lookahead) -> None:
        if token.text.lower().endswith("prefix"):
            name, iri = stream.next(), stream.next()
            if name is not None and iri is not None and iri.kind == "iri":
                self.prefixes[name.text.rstrip(":")] = urljoin(self.base, iri.text[1:-1])
        else:
            iri = stream.next()
            if iri is not None and iri.kind == "iri":
                self.base = urljoin(self.base, iri.text[1:-1])
        if token.kind == "directive" and stream.peek_text() == ".":
            stream.next()

    def _statement(self, first: _Token, stream: _Lookahead) -> None:
        subject: str | None = None
        if first.text in ("[", "("):  # a blank node or a collection: not indexed
            _skip_nested(stream, first.text, "]" if first.text == "[" else ")")
        else:
            subject = self._term(first)
            if subject is not None:
                self.index.subjects.setdefault(subject, first.line)
        while (token := stream.next()) is not None and token.text != ".":
            if token.text == ";":
                continue
            predicate = str(RDF.type) if token.text == "a" else self._term(token)
            if subject is not None and predicate is not None:
                self.index.predicates.setdefault((subject, predicate), token.line)
            if not self._objects(subject, predicate, stream):
                return

    def _objects(self, subject: str | None, predicate: str | None, stream: _Lookahead) -> bool:
        """Read ``object (, object)*``; False when the statement ended with '.'."""
        while (token := stream.next()) is not None:
            if token.text in ("[", "("):
                _skip_nested(stream, token.text, "]" if token.text == "[" else ")")
                key = None
            else:
                key = self._value(token, stream)
            if subject is not None and predicate is not None and key is not None:
                self.index.values.setdefault((subject, predicate, key), token.line)
            after = stream.next()
            if after is None or after.text == ".":
                return False
            if after.text == ";":
                return True
        return False

    def _value(self, token: _Token, stream: _Lookahead) -> str | None:
        if token.kind == "string":
            lexical = _unquote(token.text)
            if stream.peek_text() == "^^":
                stream.next()
                stream.next()
            elif stream.peek_kind() == "langtag":
                stream.next()
            return "literal:" + lexical
        if token.kind in ("number", "word"):
            return "literal:" + token.text
        iri = self._term(token)
        return "iri:" + iri if iri is not None else None

    def _term(self, token: _Token) -> str | None:
        """The full IRI of an IRI or prefixed-name token, recorded as a mention."""
        if token.kind == "iri":
            iri = urljoin(self.base, token.text[1:-1])
        elif token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix not in self.prefixes:
                return None
            iri = self.prefixes[prefix] + _UNESCAPE_LOCAL.sub(r"\1", local)
        else:
            return None
        self.index.mentions.setdefault(iri, token.line)
        return iri


class _Lookahead:
    def __init__(self, tokens: Iterator[_Token]) -> None:
        self._tokens = tokens
        self._next: _Token | None = None

    def next(self) -> _Token | None:
        if self._next is not None:
            token, self._next = self._next, None
            return token
        return next(self._tokens, None)

    def _peek(self) -> _Token | None:
        if self._next is None:
            self._next = next(self._tokens, None)
        return self._next

    def peek_text(self) -> str | None:
        token = self._peek()
        return token.text if token is not None else None

    def peek_kind(self) -> str | None:
        token = self._peek()
        return token.kind if token is not None else None


def _skip_nested(stream: _Lookahead, opening: str, closing: str) -> None:
    depth = 1
    while depth and (token := stream.next()) is not None:
        if token.text == opening:
            depth += 1
        elif token.text == closing:
            depth -= 1


def _unquote(text: str) -> str:
    quote = 3 if text[:3] in ('"""', "'''") else 1
    body = text[quote:-quote]
    return re.sub(
        r"\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)",
        lambda m: _unescape(m.group(1)),
        body,
    )


def _unescape(code: str) -> str:
    if code[0] in "uU" and len(code) > 1:
        return chr(int(code[1:], 16))
    return _STRING_ESCAPES.get(code, code)
