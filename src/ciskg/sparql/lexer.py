"""A SPARQL 1.1 tokeniser that knows where strings, IRIs and comments are.

Why it exists: pyoxigraph parses a query only to run it and exposes no algebra, yet some
decisions must be taken *before* a query runs — above all, refusing `SERVICE`, which
pyoxigraph would otherwise answer by calling out over HTTP. A regular expression over the
raw text is not enough (`# SERVICE` in a comment, `"SERVICE"` in a string, `ex:SERVICE`,
`?service`, `<http://x/SERVICE>` are all harmless), so this module splits the text into
the terminals of the SPARQL grammar (§19.8) and the callers look at keyword tokens only.

The SPARQL grammar (§19.2) says `\\uXXXX` escapes are decoded over the whole text before
parsing; pyoxigraph 0.5 decodes them only inside strings and IRIs. `tokenize(decode=True)`
reads the text the first way, `tokenize()` the second; callers that must be conservative
(the SERVICE check) look at both. The tokeniser never fails: anything it does not
recognise becomes a one-character `PUNCT` token, and the real parser (in the worker)
reports the syntax error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    KEYWORD = "keyword"  # a bare word: SELECT, WHERE, a, true, STR, … (value upper-cased)
    PNAME = "pname"  # prefix:local
    VAR = "var"
    IRI = "iri"  # <…>
    STRING = "string"
    NUMBER = "number"
    BNODE = "bnode"
    LANGTAG = "langtag"
    PUNCT = "punct"


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    value: str
    start: int  # offset into the text tokenised
    end: int


_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

_LOCAL_CHAR = r"(?:[\w\-:\u00B7]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_PATTERNS: list[tuple[Kind | None, str]] = [
    (None, r"\s+"),
    (None, r"#[^\r\n]*"),
    (Kind.IRI, r"<[^<>\"{}|^`\\\x00-\x20]*>"),
    (Kind.STRING, r"'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"),
    (Kind.STRING, r'"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'),
    (Kind.STRING, r"'(?:[^'\\\n\r]|\\.)*'"),
    (Kind.STRING, r'"(?:[^"\\\n\r]|\\.)*"'),
    (Kind.VAR, r"[?$]\w[\w\u00B7]*"),
    (Kind.BNODE, r"_:[\w\-.]*[\w\-]|_:\w"),
    (Kind.LANGTAG, r"@[A-Za-z]+(?:-[A-Za-z0-9]+)*"),
    (
        Kind.PNAME,
        rf"(?:[^\W\d_](?:[\w.\-]*[\w\-])?)?:"
        rf"(?:{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?)?",
    ),
    (Kind.KEYWORD, r"[^\W\d][\w]*"),
    (Kind.NUMBER, r"\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?"),
    (Kind.PUNCT, r"\^\^|&&|\|\||!=|<=|>=|[\s\S]"),
]
_MASTER = re.compile("|".join(f"(?P<g{i}>{p})" for i, (_, p) in enumerate(_PATTERNS)))
_KINDS = [kind for kind, _ in _PATTERNS]


def decode_codepoints(text: str) -> str:
    """Replace `\\uXXXX` and `\\UXXXXXXXX` escapes by the characters they stand for."""

    def repl(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _CODEPOINT.sub(repl, text)


def tokenize(text: str, *, decode: bool = False) -> list[Token]:
    """The significant tokens of a SPARQL query or update (comments and blanks dropped).

    With `decode`, codepoint escapes are decoded first and offsets refer to the decoded text.
    """
    if decode:
        text = decode_codepoints(text)
    tokens: list[Token] = []
    for m in _MASTER.finditer(text):
        kind = _KINDS[int(m.lastgroup[1:])] if m.lastgroup else Kind.PUNCT
        if kind is None:
            continue
        value = m.group()
        if kind is Kind.KEYWORD:
            value = value.upper()
        tokens.append(Token(kind, value, m.start(), m.end()))
    return tokens
