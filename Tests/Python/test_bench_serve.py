"""The measuring tools of `cajal-bench`, checked for their shape, never for their figures.

- `train_torch.py --serve`, PyTorch's side of `cajal-bench train`'s paired repetitions: it
  announces itself, warms a workload up, runs K steps of it and keeps its model between
  commands, one reply line per command, and waits awake before a repetition when asked
  (`settle_s=`); `cajal-bench train` pairs with it after a busy wait or a sleep (`--pause`)
  (skipped without torch, except under CAJAL_REQUIRE_TOOLS=1).
- `scalar.py --serve` and `scalar.lua --serve`, CPython's and Lua's sides of `cajal-bench
  scalar`'s paired repetitions: one reply line per command, each run's CPU seconds and result
  (Lua's skipped without lua5.4, except under CAJAL_REQUIRE_TOOLS=1), and `cajal-bench scalar`
  itself, paired, for its lines and table.
- `cajal-bench lessons --only 01`: runs lesson 01 through the `cajal` binary beside it and
  prints its table (wall s, CPU s, peak MiB, the totals and the goals).
Nothing here times anything: the machine's speed is not a test's business.
"""
import os
import pathlib
import re
import shutil
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAJAL = os.environ.get("CAJAL_BIN") or str(ROOT / ".build" / "release" / "cajal")
BENCH = str(pathlib.Path(CAJAL).parent / "cajal-bench")
SCRIPT = ROOT / "Sources" / "cajal-bench" / "reference" / "train_torch.py"
REFERENCE = ROOT / "Sources" / "cajal-bench" / "reference"
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
def test_train_torch_serve_settles_before_a_repetition_without_timing_it():
    # `run W K settle_s=D` (cajal-bench train --pause spin) busy-waits D seconds first: the
    # command takes at least D, the reported seconds are the K steps' alone.
    commands = "warm xor_step\nrun xor_step 2 settle_s=0.3\nrun xor_step 1 settle=0.3\nquit\n"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(SCRIPT), "--serve"], input=commands, text=True,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 4, done.stdout
    assert re.fullmatch(r"run xor_step 2 seconds=\d+\.\d+", lines[2]), lines[2]
    assert float(lines[2].split("seconds=")[1]) < 0.15    # two XOR steps, not the 0.3 s wait
    assert time.perf_counter() - started >= 0.3
    assert lines[3].startswith("error "), lines[3]          # not settle_s=


@pytest.mark.skipif(not have_torch() and not REQUIRED, reason="torch is not installed")
def test_train_torch_serve_ends_at_end_of_input():
    done = subprocess.run([sys.executable, str(SCRIPT), "--serve"], input="", text=True,
                          capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ready torch="), done.stdout


@pytest.mark.skipif(not have_torch() and not REQUIRED, reason="torch is not installed")
@pytest.mark.parametrize("pause,said", [(None, "busy wait on its own thread (--pause spin)"),
                                        ("sleep", "sleep of both (--pause sleep)")])
def test_bench_train_pairs_after_a_busy_wait_by_default_or_a_sleep(pause, said):
    assert os.access(BENCH, os.X_OK), f"no cajal-bench beside {CAJAL}"
    env = dict(os.environ, PATH=os.pathsep.join([str(pathlib.Path(sys.executable).parent), os.environ.get("PATH", "")]))
    args = [BENCH, "train", "--only", "xor_step", "--reps", "3", "--wall"] + (["--pause", pause] if pause else [])
    done = subprocess.run(args, text=True, capture_output=True, timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    header = [l for l in done.stdout.splitlines() if l.startswith("# PyTorch: ")]
    assert len(header) == 1 and header[0].endswith("each after a 20 ms " + said), done.stdout
    assert re.search(r"^workload=xor_step pairs=3 ratio_median=\d+\.\d+ ", done.stdout, re.M), done.stdout


def test_bench_train_refuses_an_unknown_pause():
    assert os.access(BENCH, os.X_OK), f"no cajal-bench beside {CAJAL}"
    done = subprocess.run([BENCH, "train", "--pause", "nap"], text=True, capture_output=True, timeout=60)
    assert done.returncode != 0 and "--pause needs spin or sleep" in done.stderr, done.stdout + done.stderr


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


SCALAR_RESULTS = {"fib27": "196418", "scalar_perceptron": "w1:8.670193,w2:8.670214,b:-4.101198"}


def check_scalar_serve(command, banner):
    """Runs a scalar serve script on a fixed conversation; checks its banner and replies."""
    conversation = "ping\nrun fib27\nrun scalar_perceptron\nrun nothing\n\nrun fib27\nquit\nrun fib27\n"
    done = subprocess.run(command + ["--serve"], input=conversation, text=True, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 6, done.stdout                     # nothing for the empty line, nothing after quit
    assert re.fullmatch(banner, lines[0]), lines[0]
    assert lines[1] == "pong", lines[1]
    for line, name in [(lines[2], "fib27"), (lines[3], "scalar_perceptron"), (lines[5], "fib27")]:
        m = re.fullmatch(rf"run {name} cpu_s=(\d+\.\d+) result=(\S+)", line)
        assert m, line
        assert float(m.group(1)) > 0 and m.group(2) == SCALAR_RESULTS[name], line
    assert lines[4].startswith("error "), lines[4]


def test_scalar_py_serve_answers_one_line_per_command():
    check_scalar_serve([sys.executable, str(REFERENCE / "scalar.py")], r"ready python=3\.\d+\.\d+\S* clock=cpu")


@pytest.mark.skipif(shutil.which("lua5.4") is None and not REQUIRED, reason="lua5.4 is not installed")
def test_scalar_lua_serve_answers_one_line_per_command():
    check_scalar_serve(["lua5.4", str(REFERENCE / "scalar.lua")], r"ready lua=5\.4 clock=cpu")


def test_scalar_serve_ends_at_end_of_input():
    done = subprocess.run([sys.executable, str(REFERENCE / "scalar.py"), "--serve"], input="", text=True,
                          capture_output=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("ready python="), done.stdout + done.stderr


def test_bench_scalar_pairs_cajal_with_lua_and_python():
    assert os.access(BENCH, os.X_OK), f"no cajal-bench beside {CAJAL}"
    env = dict(os.environ, PATH=os.pathsep.join([str(pathlib.Path(sys.executable).parent), os.environ.get("PATH", "")]))
    done = subprocess.run([BENCH, "scalar", "--only", "fib27", "--reps", "3"], text=True, capture_output=True,
                          timeout=300, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("# cajal-bench scalar, paired") and "load average" in lines[0], lines[0]
    sides = ["cajal", "python"] + (["lua5.4"] if shutil.which("lua5.4") else [])
    for side in sides:
        row = [l for l in lines if l.startswith(f"workload=fib27 framework={side} ")]
        assert len(row) == 1, done.stdout
        assert re.search(r" wall_median_ms=\d+\.\d+ .* cpu_median_ms=\d+\.\d+ .*reps=3 result=196418$", row[0]), row[0]
    for side in sides[1:]:
        row = [l for l in lines if l.startswith(f"workload=fib27 against={side} pairs=3 ")]
        assert len(row) == 1, done.stdout
        ratios = re.findall(r"(wall|cpu)_ratio_(median|q1|q3)=(\d+\.\d+)", row[0])
        assert len(ratios) == 6 and all(float(v) > 0 for _, _, v in ratios), row[0]
    table = [l.split() for l in lines if l.startswith("fib27 ")]
    assert [r[1] for r in table] == ["wall", "cpu"], done.stdout
    assert all(len(r) == 3 + (len(sides) - 1) * 5 for r in table), done.stdout   # ms per other side, ratio (q1 - q3)
    assert lines[-1].startswith("# load average after"), lines[-1]
