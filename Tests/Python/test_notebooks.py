"""Exported lessons run under the Cajal kernel and reproduce their recorded outputs.

For every lesson: `cajal export --ipynb` writes the notebook (kernelspec and language_info as
the kernel answers them), nbclient executes it under `cajal kernel` as Jupyter would ("Run
All"), and `cajal __check-notebook` compares every executed cell with the lesson's recorded
outputs using the lesson's own rules (text exact, numbers within the cell's tolerance).
"""
import json
import os
import pathlib
import subprocess

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAJAL = os.environ.get("CAJAL_BIN") or str(ROOT / ".build" / "release" / "cajal")
LESSONS = sorted(p for p in (ROOT / "lessons").glob("[0-9][0-9]-*/lesson.cajal") if not p.parent.name.startswith("00-"))


def test_every_lesson_is_found():
    assert len(LESSONS) >= 18


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.parent.name for p in LESSONS])
def test_an_exported_lesson_runs_under_the_kernel(lesson, tmp_path):
    exported = tmp_path / "lesson.ipynb"
    subprocess.run([CAJAL, "export", str(lesson), "--ipynb", str(exported)], check=True,
                   capture_output=True, cwd=ROOT, timeout=1800)
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
