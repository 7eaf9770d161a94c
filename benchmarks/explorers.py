"""How fast each explorer answers a control move, in a real kernel (target p95 <= 50 ms).

For every explorer of the labs, one fresh ``python3`` kernel (jupyter_client, the kernelspec
``make`` installs) runs what the lab runs: the inline backend, the lab's data, the explorer
built and displayed. Then, inside the kernel, each of ``--moves`` control moves (seeded: every
control of the explorer in turn, a random allowed value) is timed with ``time.perf_counter``
from setting the widget's value until its callback returned: compute, redraw, the PNG encoded
and the message sent to the front end (a display message, or the output area's new state),
i.e. everything the notebook waits for except the network hop and the browser decoding the
image. The first two moves (first-draw caches)
are left out. Also recorded: the PNG's size. Writes benchmarks/results-explorers.md.

    .venv/bin/python benchmarks/explorers.py [--moves 40]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
from datetime import UTC, datetime
from pathlib import Path

from jupyter_client.manager import start_new_kernel

ROOT = Path(__file__).resolve().parents[1]

EXPLORERS = {
    "six_markets_explorer (lab 1)": (
        "from imlib import load_dataset\n"
        "jury = load_dataset('rm_jury')\n"
        "data = jury[jury['audit'] == 'six_markets']\n"
        "from imlib.widgets import six_markets_explorer as make\n"
        "box = make(data, start='Quayside Software')"
    ),
    "retention_explorer (lab 2)": (
        "from imlib.widgets import retention_explorer as make\n"
        "box = make(margin=120, acquisition_cost=150, margin_growth=0.04)"
    ),
    "quality_gap_explorer (lab 3)": (
        "from imlib import load_dataset\n"
        "from imlib.widgets import quality_gap_explorer as make\n"
        "box = make(load_dataset('bank_servqual'), start='Harbour')"
    ),
    "reliability_explorer (lab 4)": (
        "from imlib.widgets import reliability_explorer as make\nbox = make(stages=10, rate=0.01)"
    ),
    "control_chart_explorer (lab 5)": (
        "from imlib import load_dataset\n"
        "from imlib.widgets import control_chart_explorer as make\n"
        "box = make(load_dataset('service_process_log'), stage='picking')"
    ),
    "internal_service_explorer (lab 6)": (
        "from imlib import load_dataset\n"
        "from imlib.widgets.internal_market import internal_service_explorer as make\n"
        "box = make(load_dataset('staff_survey'))"
    ),
    "segmentation_explorer (lab 7)": (
        "from imlib import load_dataset\n"
        "from imlib.staff import climate_scores\n"
        "from imlib.widgets import segmentation_explorer as make\n"
        "box = make(climate_scores(load_dataset('staff_survey')))"
    ),
    "phase_timeline_explorer (lab 8)": (
        "from imlib import load_dataset\n"
        "from imlib.widgets.knowledge import phase_timeline_explorer as make\n"
        "box = make(load_dataset('knowledge_case_events'))"
    ),
    "profitchain_explorer (lab 10)": (
        "from imlib import chain_table, load_dataset\n"
        "from imlib.widgets.profitchain import profitchain_explorer as make\n"
        "names = ['branch_isq', 'branch_people', 'branch_tracker', 'branch_money']\n"
        "box = make(chain_table(*map(load_dataset, names)))"
    ),
}

MEASURE = r"""
import json, random, time, base64
import ipywidgets as W
from IPython.display import display
display(box)
def walk(w):
    yield w
    for c in getattr(w, 'children', ()) or ():
        yield from walk(c)
controls = [w for w in walk(box) if isinstance(w, (W.FloatSlider, W.IntSlider, W.Dropdown,
            W.FloatRangeSlider, W.IntRangeSlider, W.SelectionSlider, W.ToggleButtons, W.Checkbox))]
rng = random.Random(1991)
def new_value(c):
    if isinstance(c, W.Checkbox):
        return not c.value
    if isinstance(c, (W.Dropdown, W.SelectionSlider, W.ToggleButtons)):
        values = [o[1] if isinstance(o, tuple) else o for o in c.options]
        return rng.choice([v for v in values if v != c.value])
    if isinstance(c, (W.FloatRangeSlider, W.IntRangeSlider)):
        lo, hi = c.min, c.max
        a = lo + (hi - lo) * rng.uniform(0.1, 0.45); b = lo + (hi - lo) * rng.uniform(0.55, 0.9)
        if isinstance(c, W.IntRangeSlider): a, b = int(a), int(b)
        return (a, b)
    steps = int(round((c.max - c.min) / c.step))
    v = c.min + c.step * rng.randint(0, steps)
    return int(v) if isinstance(c, W.IntSlider) else round(v, 6)
times, sizes = [], []
_pub = get_ipython().display_pub
_publish = _pub.publish
_sent = []
def _record(data, *args, **kwargs):
    if 'image/png' in data:
        p = data['image/png']
        _sent.append(len(p) if isinstance(p, bytes) else len(base64.b64decode(p)))
    return _publish(data, *args, **kwargs)
_pub.publish = _record
areas = [w for w in walk(box) if isinstance(w, W.Output)]
def area_pngs(before):
    # PNGs an explorer put straight into its output area (LiveFigure) since `before`
    return sum(len(base64.b64decode(o['data']['image/png'])) for a in areas
               if a.outputs is not before.get(a.model_id)
               for o in a.outputs if 'image/png' in o.get('data', {}))
for k in range(__MOVES__ + 2):
    c = controls[k % len(controls)]
    v = new_value(c)
    before = {a.model_id: a.outputs for a in areas}
    t0 = time.perf_counter()
    c.value = v
    times.append(time.perf_counter() - t0)
    sizes.append(sum(_sent) + area_pngs(before))
    _sent.clear()
print('RESULT' + json.dumps({'times': times[2:], 'sizes': sizes[2:], 'controls': len(controls)}))
"""


def run(setup: str, moves: int) -> dict:
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT / "notebooks"))
    out: list[str] = []
    try:

        def collect(msg):
            if msg["header"]["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["header"]["msg_type"] == "error":
                out.append("ERROR " + "\n".join(msg["content"]["traceback"]))

        code = "%matplotlib inline\n" + setup + "\n" + MEASURE.replace("__MOVES__", str(moves))
        kc.execute_interactive(code, timeout=600, output_hook=collect)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    text = "".join(out)
    if "RESULT" not in text:
        raise RuntimeError(text[-2000:])
    return json.loads(text.split("RESULT", 1)[1].splitlines()[0])


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--only", default="", help="substring of the explorer names to run")
    args = parser.parse_args()
    rows = []
    load_start = os.getloadavg()
    for name, setup in EXPLORERS.items():
        if args.only not in name:
            continue
        print(f"measuring {name} ...", file=sys.stderr)
        r = run(setup, args.moves)
        ms = [1000 * t for t in r["times"]]
        med, high = statistics.median(ms), p95(ms)
        kb = statistics.median(r["sizes"]) / 1000
        rows.append((name, r["controls"], len(ms), med, high, kb))
    lines = [
        "# Explorers: time to answer a control move, in a real kernel",
        "",
        "Written by `benchmarks/explorers.py` (see its docstring): in a fresh `python3` kernel",
        "with the inline backend, each move is timed from setting a control's value until its",
        "callback returned (compute + redraw + PNG encoded + display message sent). Target: p95",
        "≤ 50 ms.",
        "",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {datetime.now(UTC).isoformat(timespec='seconds')}, 1-min "
        f"load average {load_start[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end "
        "(other work on the machine inflates every timing).",
        "",
        "| explorer | controls | moves | median (ms) | p95 (ms) | PNG (kB) | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, controls, n, med, high, kb in rows:
        verdict = "pass" if high <= 50 else "**MISS**"
        lines.append(
            f"| {name} | {controls} | {n} | {med:.1f} | {high:.1f} | {kb:.0f} | {verdict} |"
        )
    text = "\n".join(lines) + "\n"
    if not args.only:
        (ROOT / "benchmarks" / "results-explorers.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
