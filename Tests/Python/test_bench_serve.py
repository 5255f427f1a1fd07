"""The measuring tools of `cajal-bench`, checked for their shape, never for their figures.

- `train_torch.py --serve`, PyTorch's side of `cajal-bench train`'s paired repetitions: it
  announces itself, warms a workload up, runs K steps of it and keeps its model between
  commands, one reply line per command (skipped without torch, except under
  CAJAL_REQUIRE_TOOLS=1).
- `cajal-bench lessons --only 01`: runs lesson 01 through the `cajal` binary beside it and
  prints its table (wall s, CPU s, peak MiB, the totals and the goals).
Nothing here times anything: the machine's speed is not a test's business.
"""
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAJAL = os.environ.get("CAJAL_BIN") or str(ROOT / ".build" / "release" / "cajal")
BENCH = str(pathlib.Path(CAJAL).parent / "cajal-bench")
SCRIPT = ROOT / "Sources" / "cajal-bench" / "reference" / "train_torch.py"
REQUIRED = os.environ.get("CAJAL_REQUIRE_TOOLS") == "1"


def have_torch():
    try:
        import torch  # noqa: F401
        return True
    except ImportError:
        return False


@pytest.mark.skipif(not have_torch() and not REQUIRED, reason="torch is not installed")
def test_train_torch_serve_answers_one_line_per_command():
    commands = "warm xor_step\nrun xor_step 3\nrun xor_step 1\nrun nothing 1\nwarm xor_step\nquit\n"
    done = subprocess.run([sys.executable, str(SCRIPT), "--serve", "--cpu"], input=commands, text=True,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 6, done.stdout
    assert re.fullmatch(r"ready torch=\S+ threads=1 clock=cpu", lines[0]), lines[0]
    assert re.fullmatch(r"warm xor_step per_step_s=\d+\.\d+ fastest_s=\d+\.\d+ steps=\d+", lines[1]), lines[1]
    assert int(lines[1].split("steps=")[1]) >= 3
    for line, k in [(lines[2], 3), (lines[3], 1)]:
        assert re.fullmatch(rf"run xor_step {k} seconds=\d+\.\d+", line), line
        assert float(line.split("seconds=")[1]) > 0
    assert lines[4].startswith("error "), lines[4]          # a workload never warmed up
    assert lines[5].startswith("warm xor_step "), lines[5]  # the kept model, warmed again


@pytest.mark.skipif(not have_torch() and not REQUIRED, reason="torch is not installed")
def test_train_torch_serve_ends_at_end_of_input():
    done = subprocess.run([sys.executable, str(SCRIPT), "--serve"], input="", text=True,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready torch="), done.stdout


def test_bench_lessons_prints_its_table_for_lesson_01():
    assert os.access(BENCH, os.X_OK), f"no cajal-bench beside {CAJAL} (swift build -c release builds both)"
    done = subprocess.run([BENCH, "lessons", "--only", "01", "--cajal", CAJAL], text=True,
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("# ") and "load average" in lines[0], lines[0]
    assert lines[1].split() == ["lesson", "wall", "s", "CPU", "s", "peak", "MiB"], lines[1]
    row = lines[2].split()
    assert row[0] == "01-neuron" and len(row) == 4, lines[2]
    wall, cpu, peak = map(float, row[1:])
    assert wall > 0 and cpu > 0 and peak > 1, lines[2]      # measured, whatever the machine's speed
    assert lines[3].startswith("total (1 lesson)"), lines[3]
    assert any(l.startswith("goals (issue 18") and "each lesson <= 15 s" in l for l in lines[4:]), done.stdout


def test_bench_lessons_refuses_an_unknown_lesson():
    assert os.access(BENCH, os.X_OK), f"no cajal-bench beside {CAJAL}"
    done = subprocess.run([BENCH, "lessons", "--only", "77", "--cajal", CAJAL], text=True,
                          capture_output=True, timeout=60)
    assert done.returncode != 0
    assert "no lesson 77" in done.stderr, done.stderr
