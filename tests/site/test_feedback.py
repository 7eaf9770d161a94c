"""Feedback on the site reads as feedback: no bare True/False under a check (issue 11)."""

from __future__ import annotations

import re

# A text output whose whole content is True or False (MyST-NB: <pre><span></span>False\n</pre>).
BARE_BOOL = re.compile(r"<pre>(?:<span></span>)?\s*(True|False)\s*</pre>")
FEEDBACK = 'class="imlib-feedback'


CELL = 'class="cell docutils container'
CHECK_CALL = re.compile(r"check</span><span class=\"p\">\(")


def test_no_bare_true_or_false_under_a_check(site_dir, lab_page) -> None:
    html = (site_dir / lab_page.html).read_text(encoding="utf-8")
    cells = html.split(CELL)[1:]
    bare = [k for k, cell in enumerate(cells) if CHECK_CALL.search(cell) and BARE_BOOL.search(cell)]
    assert not bare, f"{lab_page.html}: {len(bare)} check cell(s) whose output is a bare True/False"


def test_checks_show_styled_feedback(site_dir, lab_page) -> None:
    source = lab_page.source.read_text(encoding="utf-8")
    html = (site_dir / lab_page.html).read_text(encoding="utf-8")
    if "check(" in source:
        assert FEEDBACK in html, f"{lab_page.html}: check(...) cells show no styled feedback"


def test_patterns_catch_what_they_should() -> None:
    old_style = (
        '<span class="n">check</span><span class="p">(</span><span class="s2">"quality-index"'
        "</span>...</div><pre><span></span>False\n</pre>"
    )
    assert CHECK_CALL.search(old_style) and BARE_BOOL.search(old_style)
    assert BARE_BOOL.search("<pre><span></span>False\n</pre>")
    assert not BARE_BOOL.search("<pre><span></span>False positives: 3\n</pre>")
