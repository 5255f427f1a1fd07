"""Exported lessons run under the Cajal kernel and reproduce their recorded outputs.

For every lesson: `cajal export --ipynb` writes the notebook (kernelspec and language_info as
the kernel answers them), nbclient executes it under `cajal kernel` as Jupyter would ("Run
All"), and `cajal __check-notebook` compares every executed cell with the lesson's recorded
outputs using the lesson's own rules (text exact, numbers within the cell's tolerance).

The export runs the lesson too, so the exports run one after another in a thread of their own,
ahead of the tests: while the kernel runs one lesson, `cajal export` runs the next on the
other core (each is mostly one thread), and the file takes about half the time on two cores.
"""
import json
import os
import pathlib
import subprocess
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAJAL = os.environ.get("CAJAL_BIN") or str(ROOT / ".build" / "release" / "cajal")
LESSONS = sorted(p for p in (ROOT / "lessons").glob("[0-9][0-9]-*/lesson.cajal") if not p.parent.name.startswith("00-"))


def test_every_lesson_is_found():
    assert len(LESSONS) >= 18


def _export(lesson, out):
    """`cajal export LESSON --ipynb OUT`; the CompletedProcess (check=True raises on failure)."""
    return subprocess.run([CAJAL, "export", str(lesson), "--ipynb", str(out)], check=True,
                          capture_output=True, cwd=ROOT, timeout=1800)


@pytest.fixture(scope="module")
def exports(request, tmp_path_factory):
    """Lesson -> future of its exported notebook's path, for the lessons this run selected,
    exported one at a time in the order the tests run them."""
    selected = [item.callspec.params["lesson"] for item in request.session.items
                if item.module is request.module and hasattr(item, "callspec") and "lesson" in item.callspec.params]
    folder = tmp_path_factory.mktemp("exported")
    pool = ThreadPoolExecutor(max_workers=1)
    futures = {}
    for lesson in selected:
        out = folder / f"{lesson.parent.name}.ipynb"
        futures[lesson] = pool.submit(lambda lesson=lesson, out=out: (_export(lesson, out), out)[1])
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.parent.name for p in LESSONS])
def test_an_exported_lesson_runs_under_the_kernel(lesson, exports, tmp_path):
    exported = exports[lesson].result()
    nb = nbformat.read(exported, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "cajal"
    assert nb.metadata.language_info.file_extension == ".cajal"

    # Run All, from the repository root (where `cajal lesson --check` runs lessons).
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    NotebookClient(nb, timeout=1800, kernel_name="cajal", resources={"metadata": {"path": str(ROOT)}}).execute()
    executed = tmp_path / "executed.ipynb"
    nbformat.write(nb, executed)

    check = subprocess.run([CAJAL, "__check-notebook", str(lesson), str(executed)],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stderr

    # Figures arrive in the bundle the export writes: SVG, the PNG fallback and text.
    recorded = json.loads(exported.read_text())
    kinds = lambda cells: [sorted(o.get("data", {})) for c in cells if c["cell_type"] == "code"
                           for o in c["outputs"] if o["output_type"] == "display_data" and "title" in o.get("metadata", {})]
    assert kinds(nb.cells) == kinds(recorded["cells"])
