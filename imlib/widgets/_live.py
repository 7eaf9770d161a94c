"""What every explorer shares: its sliders, and one figure redrawn in place on each move.

An explorer builds one :class:`LiveFigure` (a matplotlib figure outside pyplot, so no figure
piles up in pyplot and the inline backend never shows it twice) and connects its controls
with :meth:`LiveFigure.follow`. On a move the figure's Axes are cleared and drawn again by
the same code as the explorer's public ``draw_*`` function, rendered once by Agg, encoded as
a quickly compressed PNG that keeps the figure's alt text (:func:`imlib.plotting.describe`)
and put in the explorer's one ``Output`` area in place of the previous one.
"""

from __future__ import annotations

import base64
import collections
import contextlib
import functools
import inspect
import itertools
import math
import os
import struct
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence

import ipywidgets as widgets
import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from imlib.plotting import alt_text

try:  # Intel's ISA-L deflate: the same zlib stream, about six times faster at level 1
    from isal import isal_zlib as _deflate
except ImportError:  # where it is not installed (e.g. JupyterLite): the standard library's
    _deflate = zlib

#: Set (to anything) while the book is built: explorers with few states draw them all.
STATIC_STATES_ENV = "IMLIB_STATIC_STATES"
#: The starting figure's metadata key for those states (read by static-explorers.js).
STATIC_STATES_KEY = "imlib/static-states"
#: The most states an explorer draws for the static site (each about 40 kB of PNG).
STATIC_STATES_MAX = 24

#: How many past states' frames a live figure keeps (each a copy of the figure's pixels).
_FRAMES_KEPT = 4
#: How many past frames of each Axes a live figure keeps (each a copy of the Axes' pixels).
_AXES_FRAMES_KEPT = 8

__all__ = [
    "LiveFigure",
    "figure_function",
    "margins",
    "new_figure",
    "one_axes",
    "png_bytes",
    "slider",
]

#: Deflate level of the explorers' PNGs: level 1 encodes several times faster than zlib's
#: default 6 for a few more kilobytes.
PNG_COMPRESS_LEVEL = 1


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def slider(
    description: str,
    value: float,
    bounds: Sequence[float],
    *,
    step: float | None = None,
    kind: type[widgets.Widget] = widgets.FloatSlider,
    label_width: str | None = "initial",
    width: str | None = "28rem",
    **options,
) -> widgets.Widget:
    """A slider that reports only where it is released (the explorers' common control).

    Examples
    --------
    >>> s = slider("Stages", 10, (1, 30), kind=widgets.IntSlider)
    >>> (s.min, s.max, s.value, s.continuous_update, s.layout.width)
    (1, 30, 10, False, '28rem')
    """
    if step is not None:
        options["step"] = step
    if label_width is not None:
        options["style"] = {"description_width": label_width}
    if width is not None:
        options["layout"] = widgets.Layout(width=width)
    low, high = bounds
    return kind(
        value=value, min=low, max=high, description=description, continuous_update=False, **options
    )


def png_bytes(fig: Figure) -> bytes:
    """Render `fig` once (Agg) and encode it as a PNG whose Description is its alt text.

    The rows are deflated unfiltered at level 1 (by ISA-L where installed): half the time
    of a filtered PNG, and no larger for a chart's flat colours.

    Examples
    --------
    >>> import io, PIL.Image
    >>> fig = Figure(figsize=(2, 1))
    >>> _ = FigureCanvasAgg(fig)
    >>> image = PIL.Image.open(io.BytesIO(png_bytes(fig)))
    >>> image.size, image.mode
    ((200, 100), 'RGBA')
    """
    fig.canvas.draw()
    return _encoded(fig)


def _encoded(fig: Figure) -> bytes:
    """The PNG of what `fig`'s canvas last drew (see :func:`png_bytes`)."""
    pixels = np.asarray(fig.canvas.buffer_rgba())
    height, width, _ = pixels.shape
    rows = np.zeros((height, 4 * width + 1), np.uint8)  # each row: filter type 0, then RGBA
    rows[:, 1:] = pixels.reshape(height, -1)
    text = alt_text(fig)
    parts = [
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)),
    ]
    if text:  # an international text chunk: keyword, no compression, no language
        parts.append(_chunk(b"iTXt", b"Description\0\0\0\0\0" + text.encode("utf-8")))
    parts.append(_chunk(b"IDAT", _deflate.compress(rows, PNG_COMPRESS_LEVEL)))
    parts.append(_chunk(b"IEND", b""))
    return b"".join(parts)


def new_figure(
    make_axes: Callable[[Figure], Sequence[Axes]],
    draw: Callable[..., object],
    *args,
    figsize: tuple[float, float],
    layout: str | None = None,
    **values,
) -> Figure:
    """A new pyplot figure laid out by `make_axes` and drawn by ``draw(*axes, *args, **values)``.

    A failed drawing leaves no figure open.

    Examples
    --------
    >>> fig = new_figure(one_axes, Axes.set_title, figsize=(4, 3), label="A")
    >>> fig.axes[0].get_title()
    'A'
    >>> plt.close(fig)
    """
    fig = plt.figure(figsize=figsize, layout=layout)
    try:
        draw(*_prepared(make_axes(fig)), *args, **values)
    except Exception:
        plt.close(fig)
        raise
    return fig


def _prepared(axes: Sequence[Axes]) -> Sequence[Axes]:
    """Axes whose grid and ticks lie under the data, as an explorer's figure draws them.

    Drawn first, a live figure's Axes frames can be kept from one move to the next (see
    :meth:`LiveFigure.show`); a drawing may still put them elsewhere.
    """
    for ax in axes:
        ax.set_axisbelow(True)
    return axes


def one_axes(fig: Figure) -> tuple[Axes]:
    """Lay out one Axes filling the figure (a layout engine, if any, sets its margins)."""
    return (fig.add_subplot(),)


def margins(**subplot_params: float) -> Callable[[Figure], tuple[Axes]]:
    """Lay out one Axes with fixed margins: faster redraws than a layout engine.

    Examples
    --------
    >>> fig = Figure()
    >>> (ax,) = margins(left=0.1, right=0.9)(fig)
    >>> float(ax.get_position().x0)
    0.1
    """

    def make_axes(fig: Figure) -> tuple[Axes]:
        fig.subplots_adjust(**subplot_params)
        return one_axes(fig)

    return make_axes


def figure_function(
    make_axes: Callable[[Figure], Sequence[Axes]],
    *,
    figsize: tuple[float, float],
    layout: str | None = None,
) -> Callable[[Callable[..., object]], Callable[..., Figure]]:
    """Make a public ``draw_*`` function from a drawing on given Axes.

    The drawing takes its Axes as positional-only parameters, then the figure's data and
    options. The ``draw_*`` function has the same name, docstring and parameters but the Axes:
    it draws on a new figure and returns it. The drawing itself stays its ``__wrapped__``
    (what an explorer redraws its :class:`LiveFigure` with), and its ``live_figure()`` makes
    that figure, laid out the same way.

    Examples
    --------
    >>> @figure_function(one_axes, figsize=(4, 3))
    ... def draw_title(ax, /, text, *, size=12):
    ...     "Draw a title."
    ...     ax.set_title(text, fontsize=size)
    >>> import inspect
    >>> str(inspect.signature(draw_title))
    '(text, *, size=12) -> matplotlib.figure.Figure'
    >>> fig = draw_title("A")
    >>> fig.axes[0].get_title(), type(draw_title.live_figure()).__name__
    ('A', 'LiveFigure')
    >>> plt.close(fig)
    """

    def decorate(draw: Callable[..., object]) -> Callable[..., Figure]:
        @functools.wraps(draw)
        def on_new_figure(*args, **values) -> Figure:
            return new_figure(make_axes, draw, *args, figsize=figsize, layout=layout, **values)

        signature = inspect.signature(draw)
        kept = [p for p in signature.parameters.values() if p.kind is not p.POSITIONAL_ONLY]
        on_new_figure.__signature__ = signature.replace(parameters=kept, return_annotation=Figure)
        on_new_figure.live_figure = functools.partial(
            LiveFigure, make_axes, figsize=figsize, layout=layout
        )
        return on_new_figure

    return decorate


class _Recorder:
    """Stands in for Agg's C++ renderer while a text is drawn, keeping its glyph images."""

    def __init__(self, renderer) -> None:
        self._renderer, self.stamps, self.complete = renderer, [], True

    def draw_text_image(self, image, x, y, angle, gc) -> None:
        if isinstance(image, np.ndarray):
            self.stamps.append((image.copy(), x, y, angle))
        else:  # an older matplotlib hands over its font, whose image it reuses
            self.complete = False
        self._renderer.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name: str):
        self.complete = False  # anything else drawn (e.g. a box): not replayed
        return getattr(self._renderer, name)


class _StampingRenderer(RendererAgg):
    """An Agg renderer that stamps a text it drew before from the glyph images it kept.

    A redraw draws the same tick labels, legend entries and titles at the same places; laying
    out and rasterising their glyphs again was a third of a redraw. A text is replayed only
    for the same string, font, angle, position and hinting; the result is the same pixels.
    """

    max_texts = 4096

    def __init__(self, width, height, dpi) -> None:
        super().__init__(width, height, dpi)
        self._stamps: dict[tuple, list] = {}

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        rc = mpl.rcParams
        extra = tuple(
            getattr(mtext, f"get_{k}", lambda: None)() for k in ("fontfeatures", "language")
        )
        key = (
            s,
            prop,
            float(x),
            float(y),
            angle,
            gc.get_antialiased(),
            extra,
            rc["text.hinting"],
            rc["text.hinting_factor"],
        )
        stamps = self._stamps.get(key)
        if stamps is not None:
            for image, sx, sy, sangle in stamps:
                self._renderer.draw_text_image(image, sx, sy, sangle, gc)
            return None
        renderer, recorder = self._renderer, _Recorder(self._renderer)
        self._renderer = recorder
        try:
            super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)
        finally:
            self._renderer = renderer
        if recorder.complete:
            if len(self._stamps) >= self.max_texts:
                self._stamps.clear()
            self._stamps[key] = recorder.stamps
        return None


class _LiveCanvas(FigureCanvasAgg):
    """The Agg canvas of a live figure: its renderers (one per figure size) keep their texts."""

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        renderers = self.__dict__.setdefault("_renderers", {})  # one per size, texts and all
        key = (w, h, self.figure.dpi)
        if key not in renderers:
            if len(renderers) >= 4:
                renderers.clear()
            renderers[key] = _StampingRenderer(w, h, self.figure.dpi)
        self.renderer = renderers[key]
        return self.renderer


class _Layouts:
    """Text layouts a live figure measured before, kept while it redraws (see :meth:`kept`).

    Laying out a text (its lines' extents against the font's metrics, aligned and rotated)
    is the same work for the same string, font and alignment at any position, and a redraw
    lays out every tick label, legend entry and title several times (its extent for the
    axis label, the title and the legend; then to draw it). ``Text._get_layout`` reads the
    text, its font properties, line spacing, rotation, alignments, rotation mode and math
    parsing, the figure's dpi and the renderer's kind: the key holds all of these, so a kept
    layout is the one Matplotlib would compute. Wrapped and TeX texts are laid out anew.
    """

    max_layouts = 4096

    def __init__(self) -> None:
        self._found: dict[tuple, tuple] = {}

    @contextlib.contextmanager
    def kept(self) -> Iterator[None]:
        """Within this block, texts are laid out once per key."""
        compute, found = Text._get_layout, self._found

        def get_layout(text: Text, renderer):
            if text._wrap or text.get_usetex():
                return compute(text, renderer)
            fig = text.get_figure(root=True)
            key = (
                text._text,
                text._fontproperties,
                fig.dpi if fig is not None else None,
                text._linespacing,
                text._multialignment,
                text.get_rotation(),
                text._horizontalalignment,
                text._verticalalignment,
                text._rotation_mode,
                text._parse_math,
                type(renderer),
                getattr(renderer, "dpi", None),
            )
            layout = found.get(key)
            if layout is None:
                if len(found) >= self.max_layouts:
                    found.clear()
                layout = found[key] = compute(text, renderer)
            box, lines, corner = layout
            return box.frozen(), list(lines), corner

        Text._get_layout = get_layout
        try:
            yield
        finally:
            Text._get_layout = compute


def _titles(ax: Axes) -> tuple:
    return (ax.title, ax._left_title, ax._right_title)


def _skip(*args, **kwargs) -> None:
    """Stands in for the ``draw`` of an artist left out of a drawing pass."""


@contextlib.contextmanager
def _not_drawn(artists: Sequence) -> Iterator[None]:
    """Leave `artists` out of the figure's drawing (without touching their visibility)."""
    for artist in artists:
        artist.draw = _skip
    try:
        yield
    finally:
        for artist in artists:
            del artist.draw


@contextlib.contextmanager
def _titles_kept(axes: Sequence[Axes]) -> Iterator[None]:
    """Keep each Axes' titles where they are (placed when the frames were drawn)."""
    auto = [ax._autotitlepos for ax in axes]
    for ax in axes:
        ax._autotitlepos = False
    try:
        yield
    finally:
        for ax, value in zip(axes, auto, strict=True):
            ax._autotitlepos = value


def _drawn_artists(fig: Figure) -> list:
    """What the figure and its Axes draw themselves: their direct children."""
    found = [a for a in fig.get_children() if a not in fig.axes]
    for ax in fig.axes:
        found.extend(ax.get_children())
    return found


def _rgba(color) -> tuple:
    return tuple(float(c) for c in mpl.colors.to_rgba(color))


def _text_key(text) -> tuple:
    return (
        text.get_visible(),
        text.get_text(),
        text.get_fontproperties(),
        _rgba(text.get_color()),
        text.get_rotation(),
        text.get_horizontalalignment(),
        text.get_verticalalignment(),
        text.get_alpha(),
    )


def _line_key(line) -> tuple:
    return (
        line.get_visible(),
        _rgba(line.get_color()),
        line.get_linewidth(),
        line.get_linestyle(),
        line.get_marker(),
        line.get_markersize(),
        line.get_alpha(),
    )


def _axis_key(axis) -> tuple:
    """What an axis draws: its scale, ticks (where, labels, style), label and offset text."""
    if not axis.get_visible():
        return (False,)
    ticks = axis._update_ticks()  # what Axis.draw draws, labels set
    return (
        axis.get_scale(),
        tuple(axis.get_view_interval()),
        repr(sorted(axis._major_tick_kw.items())),
        repr(sorted(axis._minor_tick_kw.items())),
        tuple(
            (
                tick.get_loc(),
                _text_key(tick.label1),
                _text_key(tick.label2),
                _line_key(tick.tick1line),
                _line_key(tick.tick2line),
                _line_key(tick.gridline),
            )
            for tick in ticks
        ),
        _text_key(axis.label),
        axis.get_label_position(),
        axis.major.formatter.get_offset() if hasattr(axis.major.formatter, "get_offset") else "",
    )


def _patch_key(patch: Patch) -> tuple:
    """What a patch draws: where (in pixels) and how."""
    return (
        type(patch).__name__,
        patch.get_visible(),
        np.asarray(patch.get_verts()).tobytes(),
        _rgba(patch.get_facecolor()),
        _rgba(patch.get_edgecolor()),
        patch.get_linewidth(),
        patch.get_linestyle(),
        patch.get_hatch(),
        patch.get_fill(),
        patch.get_alpha(),
    )


def _frames(fig: Figure) -> tuple[tuple, list[tuple[Axes, tuple, list]]] | None:
    """What a figure's frames look like, and what draws them (see :meth:`LiveFigure._render`).

    The frames: the figure's background, and each Axes' background, axes (grid, ticks,
    labels) and any patch drawn under them (a shaded band). Returns what the figure's
    background looks like, and for each Axes what its frame looks like and the artists that
    draw it; None when anything else is drawn under an Axes' axes (its frame cannot be kept).
    """
    figure_key = (
        tuple(fig.get_size_inches()),
        fig.dpi,
        _rgba(fig.patch.get_facecolor()),
        fig.patch.get_visible(),
        len(fig.axes),
    )
    found = []
    for ax in fig.axes:
        top = max(ax.xaxis.get_zorder(), ax.yaxis.get_zorder())
        frame = (ax.patch, ax.xaxis, ax.yaxis)
        under = [
            a for a in ax.get_children() if a.get_zorder() <= top and all(a is not f for f in frame)
        ]
        if not all(isinstance(a, Patch) and a.get_zorder() < top for a in under):
            return None
        titles = _titles(ax)
        polar = [
            getattr(ax, name)()
            for name in (
                "get_theta_offset",
                "get_theta_direction",
                "get_rorigin",
                "get_rlabel_position",
            )
            if hasattr(ax, name)
        ]
        key = (
            type(ax).__name__,
            ax.get_position().bounds,
            ax.axison,
            ax.get_frame_on(),
            ax.patch.get_visible(),
            _rgba(ax.patch.get_facecolor()),
            ax.viewLim.bounds,
            tuple(polar),
            # a spine's position is set when it is first drawn; unset, it is the default
            tuple(
                (name, s.get_visible(), s._position or ("outward", 0.0))
                for name, s in ax.spines.items()
            ),
            tuple(_patch_key(a) for a in under),
            _axis_key(ax.xaxis),
            y_axis := _axis_key(ax.yaxis),
            # a title is placed above the ticks: its place depends on its font and lines,
            # and on its words only when it might meet the y axis' offset text
            tuple(
                (bool(t.get_text()), t.get_text().count("\n"), _text_key(t)[2:])
                + ((t.get_text(),) if y_axis[-1] else ())
                for t in titles
            ),
            ax._autotitlepos,
        )
        found.append((ax, key, [*frame, *under]))
    return figure_key, found


def _frame_extent(renderer, background: np.ndarray) -> Bbox | None:
    """Where the renderer's pixels differ from `background` (one pixel of the figure's).

    Called after drawing the figure's background and one Axes' frame alone: the extent of
    that frame, in display coordinates, one pixel wider on each side (within the figure);
    None if nothing was drawn.
    """
    pixels = np.asarray(renderer.buffer_rgba()).view(np.uint32)[..., 0]
    drawn = pixels != background.view(np.uint32)[0]
    rows, columns = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    if not len(rows):
        return None
    height, width = pixels.shape
    return Bbox.from_extents(
        max(columns[0] - 1, 0),
        max(height - rows[-1] - 2, 0),
        min(columns[-1] + 2, width),
        min(height - rows[0] + 1, height),
    )


def _overlap(boxes: Sequence[Bbox]) -> bool:
    return any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def _no_reset() -> None:
    """Stands in for ``Axis.reset_ticks`` while a live figure's Axes are cleared."""


class LiveFigure:
    """One figure an explorer keeps for its lifetime, shown in one ``Output`` widget.

    Parameters
    ----------
    make_axes : callable
        ``make_axes(fig)`` adds the figure's Axes (and margins) and returns them; the same
        function lays out the explorer's public ``draw_*`` figure.
    figsize : (float, float)
        The figure's size in inches.
    layout : str, optional
        The figure's layout engine (e.g. ``"constrained"``).
    layout_by : sequence of str, optional
        The values (keys of :meth:`follow`'s controls) the layout depends on, when it
        depends on nothing else: the engine then runs once per combination of them and
        the figure's size, and a move back to one puts the Axes where the engine put them.
        By default the engine runs whenever the Axes' extents changed.

    Examples
    --------
    >>> live = LiveFigure(one_axes, figsize=(4, 3))
    >>> size = widgets.IntSlider(value=2)
    >>> out = live.follow({"n": size}, lambda ax, n: ax.set_title(f"{n} points"))
    >>> size.value = 5
    >>> live.axes[0].get_title(), len(out.outputs)
    ('5 points', 1)
    """

    def __init__(
        self,
        make_axes: Callable[[Figure], Sequence[Axes]],
        *,
        figsize: tuple[float, float],
        layout: str | None = None,
        layout_by: Sequence[str] | None = None,
    ) -> None:
        self.figure = Figure(figsize=figsize, layout=layout)
        _LiveCanvas(self.figure)  # before any drawing: the alt text hooks into its PNG
        # The layout engine runs only when what it lays out changed (see _lay_out).
        self._engine, self._laid_out = self.figure.get_layout_engine(), None
        if self._engine is not None:
            self.figure.set_layout_engine("none")
        self.make_axes, self.layout = make_axes, layout
        self._layout_by = None if layout_by is None else tuple(layout_by)
        self._places: dict = {}  # (size, layout_by values) -> each Axes' position
        self.axes: tuple[Axes, ...] = tuple(make_axes(self.figure))
        self.output = widgets.Output()
        self.output.live_figure = self  # for tests: what the area shows and how it was drawn
        self.drawn: tuple[Callable[..., object], dict] | None = None
        self._held = False
        # What all frames showed -> (their pixels, each Axes' title places): the last few
        # states, so going back to one (another grouping, a stage seen before) draws no frame.
        self._frames: collections.OrderedDict = collections.OrderedDict()
        # Axes -> {what its frame showed: (pixels, extent, title places)}, the last few each
        self._axes_frames: dict[Axes, collections.OrderedDict] = {}
        self._layouts = _Layouts()
        #: Whether the last move kept the frames (limits, ticks and labels) drawn before.
        self.frames_kept = False

    def redraw(self, draw: Callable[..., object], /, **values) -> None:
        """Clear the Axes, call ``draw(*axes, **values)`` and show the new PNG."""
        fig = self.figure
        for ax in fig.axes:
            if ax not in self.axes:  # anything a plot added beside its Axes (a twin)
                ax.remove()
        kept = [(axis, axis.majorTicks, axis.minorTicks) for axis in self._axes_axis()]
        # Ticks are costly to make and to clip: the drawn ones are kept through ax.clear(),
        # out of its reach (their clip path, the Axes' rectangle, does not change).
        for axis, _, _ in kept:
            axis.reset_ticks, axis.majorTicks, axis.minorTicks = _no_reset, [], []
        for ax in self.axes:
            ax.clear()
        for axis, major, minor in kept:
            del axis.reset_ticks
            axis.majorTicks, axis.minorTicks = major, minor
        with self._layouts.kept():
            draw(*_prepared(self.axes), **values)
            self.drawn = (draw, values)
            if self._engine is not None:
                self._lay_out(values)
            self.show()

    def _axes_axis(self) -> list:
        return [axis for ax in self.axes for axis in (ax.xaxis, ax.yaxis)]

    def _layout_key(self) -> tuple:
        """What the layout engine reads: the figure's size and each Axes' place and extent."""
        renderer = self.figure.canvas.get_renderer()
        return (
            tuple(self.figure.get_size_inches()),
            tuple(ax.get_position().bounds for ax in self.axes),
            tuple(ax.get_tightbbox(renderer, for_layout_only=True).bounds for ax in self.axes),
        )

    def _lay_out(self, values: Mapping[str, object]) -> None:
        """Run the layout engine as a new figure would, unless nothing it reads changed."""
        if self._layout_by is not None:
            size = tuple(self.figure.get_size_inches())
            key = (size, *(values[name] for name in self._layout_by))
            if key not in self._places:
                self._run_engine()
                self._places[key] = [ax.get_position(original=True) for ax in self.axes]
            for ax, place in zip(self.axes, self._places[key], strict=True):
                ax._set_position(place, which="both")
            return
        if self._layout_key() == self._laid_out:
            return  # the Axes are where the engine put them for this content
        self._run_engine()
        self._laid_out = self._layout_key()

    def _run_engine(self) -> None:
        for ax in self.axes:  # where a new figure's layout starts
            ax.set_subplotspec(ax.get_subplotspec())
        self._engine.execute(self.figure)

    def show(self) -> None:
        """Replace the output area's figure with the current state of the figure."""
        self._render()
        png = _encoded(self.figure)
        text = alt_text(self.figure) or "Figure"
        self.output.outputs = (
            {
                "output_type": "display_data",
                "data": {"image/png": base64.b64encode(png).decode("ascii"), "text/plain": text},
                "metadata": {},
            },
        )

    def _render(self) -> None:
        """Draw the figure on its canvas, starting from the kept frames when they still hold.

        An Axes' frame is its background, grid, ticks, tick labels and axis labels (see
        :func:`_frames`): drawn under everything else (see :func:`_prepared`), frames are
        the first things drawn, and a move that leaves an Axes' limits, ticks and labels
        alone leaves its frame's pixels alone too. So each frame is drawn on its own and
        kept; a move restores the frames it kept, draws again only those that changed, then
        draws the rest in the order a full draw would: the same pixels, without laying out
        and drawing every tick again. Frames are kept apart only while their extents do
        not meet; otherwise they are drawn together.
        """
        fig = self.figure
        renderer = fig.canvas.get_renderer()
        found = _frames(fig)
        self.frames_kept = False
        if found is None:  # something else is drawn under the frames: draw it all
            self._frames.clear()
            self._axes_frames = {}
            fig.canvas.draw()
            return
        figure_key, per_axes = found
        key = (figure_key, tuple(k for _, k, _ in per_axes))
        frames = [fig.patch] + [a for _, _, artists in per_axes for a in artists]
        kept = self._frames.get(key)
        if kept is not None:
            self.frames_kept = True
            self._frames.move_to_end(key)
            renderer.restore_region(kept[0])
        else:
            keyed = [(ax, (figure_key, k), artists) for ax, k, artists in per_axes]
            places, self.frames_kept = self._draw_frames(renderer, keyed)
            kept = self._frames[key] = (renderer.copy_from_bbox(fig.bbox), places)
            while len(self._frames) > _FRAMES_KEPT:
                self._frames.popitem(last=False)
        for (ax, _, _), places in zip(per_axes, kept[1], strict=True):
            for title, xy in zip(_titles(ax), places, strict=True):
                title.set_position(xy)
        with _not_drawn(frames), _titles_kept(fig.axes):
            fig.draw(renderer)

    def _draw_frames(self, renderer, per_axes: list[tuple[Axes, tuple, list]]) -> tuple:
        """Draw the frames into the renderer, each Axes' alone unless kept from before.

        Returns each Axes' title places, and whether every frame was kept.
        """
        fig = self.figure
        drawn, all_kept = [], True
        for ax, key, artists in per_axes:
            seen = self._axes_frames.setdefault(ax, collections.OrderedDict())
            kept = seen.get(key)
            if kept is not None:
                seen.move_to_end(key)
                drawn.append(kept)
                continue
            all_kept = False
            others = [a for a in fig.get_children() if a is not fig.patch and a is not ax]
            rest = [a for a in ax.get_children() if all(a is not f for f in artists)]
            renderer.clear()
            fig.patch.draw(renderer)
            background = np.asarray(renderer.buffer_rgba())[0, 0].copy()  # one pixel of it
            with _not_drawn([fig.patch, *others, *rest]):  # titles placed by the ticks they clear
                fig.draw(renderer)
            box = _frame_extent(renderer, background) or Bbox.from_extents(0, 0, 1, 1)
            places = [t.get_position() for t in _titles(ax)]
            seen[key] = kept = (renderer.copy_from_bbox(box), box, places)
            while len(seen) > _AXES_FRAMES_KEPT:
                seen.popitem(last=False)
            drawn.append(kept)
        renderer.clear()
        if _overlap([box for _, box, _ in drawn]):
            everything = [a for a in _drawn_artists(fig) if all(a is not f for f in fig.axes)]
            frames = [a for _, _, artists in per_axes for a in artists]
            with _not_drawn([a for a in everything if all(a is not f for f in frames)]):
                fig.draw(renderer)  # all the frames, in their order
        else:
            fig.patch.draw(renderer)
            for pixels, _, _ in drawn:
                renderer.restore_region(pixels)
        return [places for _, _, places in drawn], all_kept

    def follow(
        self, controls: Mapping[str, widgets.Widget], draw: Callable[..., object]
    ) -> widgets.Output:
        """Draw now, and again whenever one of `controls` moves; return the output area.

        ``draw`` is called as ``draw(*axes, **values)`` with each control's value under its
        key in `controls`.
        """

        def update(change: object = None) -> None:
            if self._held:
                return
            values = {name: control.value for name, control in controls.items()}
            try:
                self.redraw(draw, **values)
            except Exception:
                self.output.outputs = ()
                with self.output:  # in a notebook the traceback shows in the output area
                    raise

        for control in controls.values():
            control.observe(update, names="value")
        update()
        if os.environ.get(STATIC_STATES_ENV) and self.output.outputs:
            states = self._every_state(controls, draw)
            if states is not None:  # carried by the starting figure, for the static site
                (shown,) = self.output.outputs
                metadata = {**shown["metadata"], STATIC_STATES_KEY: states}
                self.output.outputs = ({**shown, "metadata": metadata},)
        return self.output

    def _every_state(
        self, controls: Mapping[str, widgets.Widget], draw: Callable[..., object]
    ) -> dict | None:
        """Each figure the controls can ask for, when they offer few enough (else None).

        For the static site, where no Python runs (``book/_widgets/static-explorers.js``):
        a drop-down, a check box or a whole-number slider offers a finite set of values; with
        at most :data:`STATIC_STATES_MAX` combinations, each is drawn here and kept as its
        PNG and alt text, under a key made of what the page shows for each control (the
        option's label, ``true``/``false``, the slider's readout). The figure shown last is
        the starting one again.
        """
        offered = []
        for control in controls.values():
            if isinstance(control, widgets.Checkbox):
                offered.append(("checkbox", [(False, "false"), (True, "true")]))
            elif isinstance(control, widgets.Dropdown):
                pairs = zip(control._options_values, control._options_labels, strict=True)
                offered.append(("select", list(pairs)))
            elif isinstance(control, widgets.IntSlider) and control.readout_format == "d":
                values = range(control.min, control.max + 1, control.step)
                offered.append(("slider", [(v, str(v)) for v in values]))
            else:
                return None
        if math.prod(len(values) for _, values in offered) > STATIC_STATES_MAX:
            return None
        start = {name: control.value for name, control in controls.items()}
        states = {}
        for combination in itertools.product(*(values for _, values in offered)):
            self.redraw(draw, **dict(zip(controls, (v for v, _ in combination), strict=True)))
            (shown,) = self.output.outputs
            key = "|".join(label for _, label in combination)
            states[key] = [shown["data"]["image/png"], shown["data"]["text/plain"]]
        self.redraw(draw, **start)
        described = [
            {"kind": kind, "label": control.description}
            for (kind, _), control in zip(offered, controls.values(), strict=True)
        ]
        return {"controls": described, "states": states}

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        """Move controls without redrawing; the move being answered redraws once after.

        For an observer that resets other controls (observers run in the order they were
        registered, so register it before :meth:`follow`).

        Examples
        --------
        >>> live = LiveFigure(one_axes, figsize=(4, 3))
        >>> a, b = widgets.IntSlider(value=1), widgets.IntSlider(value=1)
        >>> def reset(change):
        ...     with live.held():
        ...         b.value = 10 * change["new"]
        >>> a.observe(reset, names="value")
        >>> calls = []
        >>> _ = live.follow({"a": a, "b": b}, lambda ax, a, b: calls.append((a, b)))
        >>> a.value = 2
        >>> calls
        [(1, 1), (2, 20)]
        """
        self._held = True
        try:
            yield
        finally:
            self._held = False
