"""A small SPARQL tokenizer: enough to tell keywords from strings, comments, IRIs, prefixed names and
variables, with each token's position and brace depth.

It is not a parser. The endpoint uses it for cheap, reliable facts about a request before running it:
the query form (SELECT/ASK/CONSTRUCT/DESCRIBE) for content negotiation, whether the keyword SERVICE,
LOAD or FROM occurs *as a keyword* (so `"SERVICE"` in a string or `# LOAD` in a comment never count),
which IRIs occur, and where the top-level WHERE of each update operation is (to add a dataset). Anything
it cannot classify becomes a one-character `punct` token; the real parser (pyoxigraph) has the last word
on syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d\u2070-\u218f"
    "\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS = _PN_CHARS_BASE + "_0-9\\-\u00b7\u0300-\u036f\u203f-\u2040"

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''
              | \"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\"
              | '(?:[^'\\\n\r]|\\.)*'
              | "(?:[^"\\\n\r]|\\.)*")
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<var>[?$][""" + _PN_CHARS + r"""]+)
  | (?P<bnode>_:[""" + _PN_CHARS + r"""](?:[""" + _PN_CHARS + r""".]*[""" + _PN_CHARS + r"""])?)
  | (?P<pname>(?:[""" + _PN_CHARS_BASE + r"""](?:[""" + _PN_CHARS + r""".]*[""" + _PN_CHARS + r"""])?)?:
              (?:[""" + _PN_CHARS + r""":%]|\\.|\.(?=[""" + _PN_CHARS + r""":%\\]))*)
  | (?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<punct>\^\^|&&|\|\||!=|<=|>=|[\s\S])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class Token:
    """One token: its kind (iri, string, langtag, var, bnode, pname, number, word, punct), its text, its
    character offsets in the source, and the depth of `{` braces it sits in (0 = top level)."""

    kind: str
    text: str
    start: int
    end: int
    depth: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased word when this token is a bare word (a keyword, a function name or `a`)."""
        return self.text.upper() if self.kind == "word" else None


def tokenize(text: str) -> list[Token]:
    """The tokens of `text`, comments and whitespace dropped."""
    tokens: list[Token] = []
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        value = m.group()
        if kind == "punct" and value == "}":
            depth = max(depth - 1, 0)
        tokens.append(Token(kind, value, m.start(), m.end(), depth))
        if kind == "punct" and value == "{":
            depth += 1
    return tokens


def line_col(text: str, offset: int) -> str:
    """`line:column` (both 1-based) of a character offset, for messages."""
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{col}"


def iri_value(token: Token, prefixes: dict[str, str]) -> str | None:
    """The IRI a token denotes: `<...>` as written, a prefixed name expanded with `prefixes`."""
    if token.kind == "iri":
        return token.text[1:-1]
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        base = prefixes.get(prefix)
        return None if base is None else base + local
    return None


def prefix_declarations(tokens: list[Token]) -> dict[str, str]:
    """The PREFIX declarations anywhere in the token stream (prefix -> namespace IRI)."""
    out: dict[str, str] = {}
    for i, tok in enumerate(tokens[:-2]):
        if tok.keyword == "PREFIX" and tokens[i + 1].kind == "pname" and tokens[i + 2].kind == "iri":
            out[tokens[i + 1].text.partition(":")[0]] = tokens[i + 2].text[1:-1]
    return out
