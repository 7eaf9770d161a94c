"""No function in imlib has more than 60 lines of code.

Lines of code are counted from the AST: the lines of a function's body that hold code,
excluding its docstring, comments and blank lines (a statement spread over several
lines counts each line). Nested functions count towards their own total only.
"""

from __future__ import annotations

import ast
import io
import tokenize
from pathlib import Path

import imlib

MAX_LINES = 60
ROOT = Path(imlib.__file__).resolve().parent


def _code_lines(source: str) -> set[int]:
    """Line numbers holding a token other than a comment, newline or indentation."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT}
    lines: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type not in skip and token.type != tokenize.ENDMARKER:
            lines.update(range(token.start[0], token.end[0] + 1))
    return lines


def _docstring_lines(node: ast.AST) -> set[int]:
    body = getattr(node, "body", [])
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        if isinstance(body[0].value.value, str):
            return set(range(body[0].lineno, body[0].end_lineno + 1))
    return set()


def function_sizes(path: Path) -> list[tuple[str, int, int]]:
    """(qualified name, first line, lines of code) for every function in ``path``."""
    source = path.read_text(encoding="utf-8")
    code = _code_lines(source)
    tree = ast.parse(source)
    out = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                body_start = child.body[0].lineno
                own = set(range(body_start, child.end_lineno + 1)) & code
                own -= _docstring_lines(child)
                for inner in ast.walk(child):
                    if inner is not child and isinstance(
                        inner, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef
                    ):
                        own -= set(range(inner.lineno, inner.end_lineno + 1))
                out.append((f"{prefix}{child.name}", child.lineno, len(own)))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return out


def offenders() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        for name, line, size in function_sizes(path):
            if size > MAX_LINES:
                found.append(f"{path.relative_to(ROOT.parent)}:{line} {name} ({size} lines)")
    return found


def test_counting_excludes_docstrings_comments_and_blank_lines(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        'def f(x):\n    """Doc.\n\n    More doc.\n    """\n    # a comment\n\n'
        "    y = (x +\n         1)\n    return y\n\n\ndef g():\n    def h():\n        return 1\n"
        "    return h()\n"
    )
    sizes = {name: size for name, _, size in function_sizes(sample)}
    assert sizes == {"f": 3, "g": 1, "g.h": 1}


def test_no_function_has_more_than_60_lines_of_code():
    found = offenders()
    assert not found, f"{len(found)} function(s) over {MAX_LINES} lines of code:\n" + "\n".join(
        found
    )
