"""Shared setup for the Python tests: the Cajal kernelspec of the binary under test.

The kernel tests (test_kernel*.py), the notebook tests (test_notebooks.py) and the jupytext
tests start kernels through Jupyter's own clients, which find kernels by name on JUPYTER_PATH.
This file installs `cajal kernel install --prefix` for $CAJAL_BIN (default: this checkout's
release build) into a temporary prefix and puts it first on JUPYTER_PATH, before any test
module imports jupyter_client. Jupyter's runtime files (connection files) go to a temporary
folder too, so the tests never touch ~/.local/share/jupyter.
"""
import os
import pathlib
import shutil
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAJAL = os.environ.get("CAJAL_BIN") or str(ROOT / ".build" / "release" / "cajal")

_jupyter = pathlib.Path(tempfile.mkdtemp(prefix="cajal-jupyter-"))
if os.path.exists(CAJAL):
    subprocess.run([CAJAL, "kernel", "install", "--prefix", str(_jupyter)], check=True,
                   capture_output=True, timeout=60)
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    p for p in [str(_jupyter / "share" / "jupyter"), os.environ.get("JUPYTER_PATH", "")] if p)
os.environ["JUPYTER_RUNTIME_DIR"] = str(_jupyter / "runtime")
os.environ["JUPYTER_DATA_DIR"] = str(_jupyter / "data")
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_jupyter, ignore_errors=True)
