"""The programme planner: forms for each part of a plan, live validation, preview, save, load.

The planner holds no state of its own beyond its form fields: :meth:`ProgrammePlanner.plan`
reads them into a :class:`~imlib.programme.Plan`, and the file written by *Save* is the
plan's memory. Building a planner on an existing file loads it, so the plan survives a
kernel restart. *Save* keeps the previous version of the file as ``<name>.bak``; *Load*
never changes the file and, when the file is damaged, truncated or newer, leaves the forms
as they were and says why.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable
from pathlib import Path

import ipywidgets as widgets

from imlib.knowledge import PHASE_LABELS, PHASES
from imlib.programme import (
    LEVER_LABELS,
    LEVERS,
    MIX_ELEMENTS,
    Activity,
    Objective,
    Plan,
    PlanFileError,
    Risk,
    Segment,
    default_plan_dir,
    load_plan,
    render_markdown,
    save_plan,
    validate,
)

__all__ = ["ProgrammePlanner", "markdown_to_html", "plan_preview_html", "programme_planner"]

_WIDE = widgets.Layout(width="98%")
_STYLE = {"description_width": "9rem"}


def markdown_to_html(text: str) -> str:
    """Render the plan document's Markdown as HTML (plain text if no renderer is installed).

    Examples
    --------
    >>> "<h1>" in markdown_to_html("# Plan")
    True
    """
    try:
        from markdown_it import MarkdownIt
    except ModuleNotFoundError:  # pragma: no cover - markdown-it ships with the kit's env
        return f"<pre style='white-space: pre-wrap'>{html.escape(text)}</pre>"
    return MarkdownIt("commonmark").enable("table").render(text)


def plan_preview_html(plan: Plan, *, max_lines: int | None = None) -> str:
    """The plan's document as HTML in a framed box, headings scaled down to fit a page.

    Parameters
    ----------
    plan : Plan
        The plan.
    max_lines : int, optional
        Keep only the first lines of the Markdown document (a shorter preview).

    Returns
    -------
    str
        HTML, for ``IPython.display.HTML`` or the planner's *Preview* tab.

    Examples
    --------
    >>> from imlib.programme import example_plan
    >>> html_text = plan_preview_html(example_plan())
    >>> html_text.startswith("<div") and "<h3>The 48-hour promise" in html_text
    True
    """
    text = render_markdown(plan)
    if max_lines is not None:
        text = "\n".join(text.splitlines()[:max_lines])
    body = markdown_to_html(text)
    for level in (3, 2, 1):  # demote h1-h3 to h3-h5, deepest first
        body = body.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return (
        "<div style='border: 1px solid #bbb; border-radius: 4px; padding: 0.5rem 1rem; "
        f"max-width: 60rem'>{body}</div>"
    )


def _number_text(value: float | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _parse(text: str, what: str, problems: list[str], *, whole: bool = False):
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{what}: {text!r} is not a number; it is left empty until it is.")
        return None
    if not value == value or value in (float("inf"), float("-inf")):
        problems.append(f"{what}: {text!r} is not a finite number.")
        return None
    if whole:
        if not value.is_integer():
            problems.append(f"{what}: {text!r} is not a whole number.")
            return None
        return int(value)
    return value


def _text(value: str, description: str, *, area: bool = False, width: str = "98%"):
    cls = widgets.Textarea if area else widgets.Text
    return cls(
        value=value,
        description=description,
        style=_STYLE,
        layout=widgets.Layout(width=width, height="3.2rem" if area else None),
        continuous_update=False,
    )


def _choice(options: list[tuple[str, str]], value: str, description: str) -> widgets.Dropdown:
    if value not in [v for _, v in options]:
        options = options + [(f"{value} (unknown)", value)]
    return widgets.Dropdown(options=options, value=value, description=description, style=_STYLE)


class _Rows(widgets.VBox):
    """A list of row editors with an *Add* button; each row has a *Remove* button."""

    def __init__(self, noun: str, make_row: Callable, on_change: Callable[[], None]):
        self._make_row, self._on_change = make_row, on_change
        self._rows: list[tuple[widgets.Widget, dict[str, widgets.Widget]]] = []
        self._list = widgets.VBox()
        add = widgets.Button(description=f"Add {noun}", icon="plus")
        add.on_click(lambda _: self.add())
        super().__init__([self._list, add])

    def add(self, item=None) -> None:
        fields = self._make_row(item)
        remove = widgets.Button(description="Remove", icon="trash", button_style="warning")
        box = widgets.VBox(
            [*fields.values(), remove],
            layout=widgets.Layout(border="1px solid #ccc", padding="4px", margin="4px 0"),
        )
        for field in fields.values():
            field.observe(lambda _: self._on_change(), names="value")
        entry = (box, fields)
        remove.on_click(lambda _: self.remove(entry))
        self._rows.append(entry)
        self._list.children = [b for b, _ in self._rows]
        self._on_change()

    def remove(self, entry) -> None:
        self._rows = [r for r in self._rows if r is not entry]
        self._list.children = [b for b, _ in self._rows]
        self._on_change()

    def clear(self) -> None:
        self._rows = []
        self._list.children = []

    def values(self) -> list[dict[str, widgets.Widget]]:
        return [fields for _, fields in self._rows]


class ProgrammePlanner(widgets.VBox):
    """A form-based editor of a programme plan (see :func:`programme_planner`)."""

    def __init__(self, plan: Plan | None = None, *, path: str | os.PathLike | None = None):
        self._quiet = True
        self.title = _text("", "Title")
        self.organisation = _text("", "Organisation")
        self.author = _text("", "Prepared by")
        self.budget = _text("", "Budget (total)", width="22rem")
        self.notes = _text("", "Background", area=True)
        for field in (self.title, self.organisation, self.author, self.budget, self.notes):
            field.observe(lambda _: self._refresh(), names="value")
        self.objectives = _Rows("objective", self._objective_row, self._refresh)
        self.segments = _Rows("segment", self._segment_row, self._refresh)
        self.activities = _Rows("activity", self._activity_row, self._refresh)
        self.risks = _Rows("risk", self._risk_row, self._refresh)
        self.messages = widgets.HTML()
        self.preview = widgets.HTML()
        tabs = widgets.Tab(
            children=[
                widgets.VBox([self.title, self.organisation, self.author, self.budget, self.notes]),
                self.objectives,
                self.segments,
                self.activities,
                self.risks,
                self.preview,
            ]
        )
        for k, name in enumerate(
            ["Overview", "Objectives", "Segments & mix", "Activities", "Risks", "Preview"]
        ):
            tabs.set_title(k, name)
        target = Path(path) if path is not None else default_plan_dir() / "my-plan.json"
        self.path_input = _text(str(target), "Plan file", width="40rem")
        self.save_button = widgets.Button(description="Save", icon="save", button_style="primary")
        self.load_button = widgets.Button(description="Load", icon="folder-open")
        self.save_button.on_click(lambda _: self._safely(self.save))
        self.load_button.on_click(lambda _: self._safely(self.load))
        self.status = widgets.HTML()
        super().__init__(
            [
                tabs,
                widgets.HTML("<b>What the plan still needs</b>"),
                self.messages,
                widgets.HBox([self.path_input, self.save_button, self.load_button]),
                self.status,
            ]
        )
        self._parse_problems: list[str] = []
        if plan is not None:
            self.set_plan(plan)
        elif target.is_file():
            self._safely(self.load)
        self._quiet = False
        self._refresh()

    # --- rows ------------------------------------------------------------------------------
    @staticmethod
    def _objective_row(item: Objective | None) -> dict[str, widgets.Widget]:
        item = item or Objective()
        return {
            "name": _text(item.name, "Objective"),
            "kpi": _text(item.kpi, "KPI"),
            "baseline": _text(_number_text(item.baseline), "Baseline", width="22rem"),
            "target": _text(_number_text(item.target), "Target", width="22rem"),
            "due": _text(item.due, "By (YYYY-MM-DD)", width="22rem"),
        }

    @staticmethod
    def _segment_row(item: Segment | None) -> dict[str, widgets.Widget]:
        item = item or Segment()
        labels = {
            "product": "Product (offer)",
            "price": "Price (their cost)",
            "communications": "Communications",
            "distribution": "Distribution (where)",
        }
        return {
            "name": _text(item.name, "Segment"),
            "who": _text(item.who, "Who they are"),
            "size": _text(_number_text(item.size), "People", width="22rem"),
        } | {m: _text(getattr(item, m), labels[m], area=True) for m in MIX_ELEMENTS}

    @staticmethod
    def _activity_row(item: Activity | None) -> dict[str, widgets.Widget]:
        item = item or Activity()
        phases = [("(choose)", "")] + [(PHASE_LABELS[p], p) for p in PHASES]
        levers = [("(choose)", "")] + [(LEVER_LABELS[v], v) for v in LEVERS]
        return {
            "name": _text(item.name, "Activity"),
            "segments": widgets.TagsInput(
                value=list(item.segments), allow_duplicates=False, layout=_WIDE
            ),
            "phase": _choice(phases, item.phase, "Phase"),
            "lever": _choice(levers, item.lever, "Lever"),
            "cost": _text(_number_text(item.cost), "Cost", width="22rem"),
            "owner": _text(item.owner, "Owner"),
        }

    @staticmethod
    def _risk_row(item: Risk | None) -> dict[str, widgets.Widget]:
        item = item or Risk()
        return {
            "risk": _text(item.risk, "Risk"),
            "mitigation": _text(item.mitigation, "Mitigation"),
        }

    # --- plan <-> forms --------------------------------------------------------------------
    def plan(self) -> Plan:
        """The plan as the forms show it now (unparseable numbers are left empty)."""
        problems: list[str] = []
        objectives = []
        for k, f in enumerate(self.objectives.values(), start=1):
            objectives.append(
                Objective(
                    f["name"].value,
                    f["kpi"].value,
                    _parse(f["baseline"].value, f"Objective {k} baseline", problems),
                    _parse(f["target"].value, f"Objective {k} target", problems),
                    f["due"].value,
                )
            )
        segments = []
        for k, f in enumerate(self.segments.values(), start=1):
            segments.append(
                Segment(
                    f["name"].value,
                    f["who"].value,
                    _parse(f["size"].value, f"Segment {k} people", problems, whole=True),
                    *(f[m].value for m in MIX_ELEMENTS),
                )
            )
        activities = []
        for k, f in enumerate(self.activities.values(), start=1):
            cost = _parse(f["cost"].value, f"Activity {k} cost", problems)
            activities.append(
                Activity(
                    f["name"].value,
                    list(f["segments"].value),
                    f["phase"].value,
                    f["lever"].value,
                    0.0 if cost is None else cost,
                    f["owner"].value,
                )
            )
        risks = [Risk(f["risk"].value, f["mitigation"].value) for f in self.risks.values()]
        self._parse_problems = problems
        return Plan(
            title=self.title.value,
            organisation=self.organisation.value,
            author=self.author.value,
            budget=_parse(self.budget.value, "Budget", problems),
            objectives=objectives,
            segments=segments,
            activities=activities,
            risks=risks,
            notes=self.notes.value,
        )

    def set_plan(self, plan: Plan) -> None:
        """Replace everything in the forms with ``plan``."""
        if not isinstance(plan, Plan):
            raise TypeError(f"set_plan(): plan must be a Plan, got {type(plan).__name__}.")
        quiet, self._quiet = self._quiet, True
        try:
            self.title.value = plan.title
            self.organisation.value = plan.organisation
            self.author.value = plan.author
            self.budget.value = _number_text(plan.budget)
            self.notes.value = plan.notes
            for rows, items in (
                (self.objectives, plan.objectives),
                (self.segments, plan.segments),
                (self.activities, plan.activities),
                (self.risks, plan.risks),
            ):
                rows.clear()
                for item in items:
                    rows.add(item)
        finally:
            self._quiet = quiet
        self._refresh()

    @property
    def problems(self) -> list[str]:
        """What the plan still needs: unreadable numbers, then :func:`validate`'s list."""
        plan = self.plan()
        return self._parse_problems + validate(plan)

    def _refresh(self) -> None:
        if getattr(self, "_quiet", True):
            return
        plan = self.plan()
        problems = self._parse_problems + validate(plan)
        if problems:
            items = "".join(f"<li>{html.escape(p, quote=False)}</li>" for p in problems)
            self.messages.value = f"<ul style='color:#9a3c00'>{items}</ul>"
        else:
            self.messages.value = "<p style='color:#00734d'>✔ The plan is complete.</p>"
        self.preview.value = plan_preview_html(plan)

    # --- files -----------------------------------------------------------------------------
    def save(self) -> Path:
        """Save the plan to the file named in the form (the old file is kept as ``.bak``)."""
        path = Path(self.path_input.value.strip()).expanduser()
        had_file = path.is_file()
        written = save_plan(self.plan(), path, overwrite=True)
        kept = f" (previous version kept as {written.name}.bak)" if had_file else ""
        self.status.value = (
            f"<span style='color:#00734d'>Saved to {html.escape(str(written))}{kept}.</span>"
        )
        return written

    def load(self) -> Plan:
        """Load the plan in the file named in the form; on failure the forms stay as they were."""
        path = Path(self.path_input.value.strip()).expanduser()
        plan = load_plan(path)
        self.set_plan(plan)
        self.status.value = f"<span style='color:#00734d'>Loaded {html.escape(str(path))}.</span>"
        return plan

    def _safely(self, action: Callable[[], object]) -> None:
        try:
            action()
        except (PlanFileError, FileNotFoundError, FileExistsError, OSError, ValueError) as exc:
            self.status.value = f"<span style='color:#b00020'>⚠ {html.escape(str(exc))}</span>"


def programme_planner(
    plan: Plan | None = None, *, path: str | os.PathLike | None = None
) -> ProgrammePlanner:
    """Build the programme planner: forms, live validation, a preview, save and load.

    Parameters
    ----------
    plan : Plan, optional
        The plan to start from. Without it, the planner loads ``path`` if that file
        exists (so a plan survives a kernel restart), otherwise it starts empty.
    path : str or path-like, optional
        The plan file; by default ``my-plan.json`` in
        :func:`imlib.programme.default_plan_dir` (outside the repository).

    Returns
    -------
    ProgrammePlanner
        An ipywidgets container. ``.plan()`` returns the plan in the forms, ``.problems``
        what it still needs, ``.save()`` and ``.load()`` do what the buttons do.

    Examples
    --------
    >>> import tempfile
    >>> from imlib.programme import example_plan
    >>> path = Path(tempfile.mkdtemp()) / "plan.json"
    >>> planner = programme_planner(example_plan(), path=path)
    >>> planner.problems
    []
    >>> planner.save_button.click()
    >>> programme_planner(path=path).plan() == example_plan()
    True
    """
    return ProgrammePlanner(plan, path=path)
