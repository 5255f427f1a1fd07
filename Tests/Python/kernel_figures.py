"""Figures of the Cajal kernel (not a test; run by hand, numbers go in the closing note).

    CAJAL_BIN=.build/release/cajal /work/venv-test/bin/python Tests/Python/kernel_figures.py [LESSON]

Prints: the time from starting the kernel process to its kernel_info_reply (median of 5), the
round trip of executing `1 + 2` (request sent to execute_reply received, median of 50), and a
lesson's wall and CPU time executed by nbclient under the kernel beside `cajal run` of the same
file. CPU time is the kernel's (or cajal run's) user+sys, read from /proc before it exits.
"""
import os
import pathlib
import statistics
import subprocess
import sys
import time

import conftest  # noqa: F401  (installs the kernelspec for CAJAL_BIN on JUPYTER_PATH)
import nbformat
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAJAL = conftest.CAJAL


def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def startup():
    times, cpu = [], []
    for _ in range(5):
        km = KernelManager(kernel_name="cajal")
        started = time.perf_counter()
        km.start_kernel()
        kc = km.client()
        kc.start_channels()
        kc.kernel_info()
        kc.get_shell_msg(timeout=60)
        times.append(time.perf_counter() - started)
        cpu.append(cpu_seconds(km.provisioner.pid))
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return statistics.median(times), statistics.median(cpu)


def round_trip():
    km = KernelManager(kernel_name="cajal")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    times = []
    cpu_before = cpu_seconds(km.provisioner.pid)
    for _ in range(50):
        started = time.perf_counter()
        msg_id = kc.execute("1 + 2")
        while kc.get_shell_msg(timeout=10)["parent_header"]["msg_id"] != msg_id:
            pass
        times.append(time.perf_counter() - started)
    cpu = (cpu_seconds(km.provisioner.pid) - cpu_before) / 50
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return statistics.median(times), cpu


def lesson_times(lesson, tmp):
    exported = tmp / "lesson.ipynb"
    subprocess.run([CAJAL, "export", str(lesson), "--ipynb", str(exported)], check=True, capture_output=True, cwd=ROOT)
    nb = nbformat.read(exported, as_version=4)
    km = KernelManager(kernel_name="cajal")
    client = NotebookClient(nb, timeout=1800, km=km, resources={"metadata": {"path": str(ROOT)}})
    started = time.perf_counter()
    client.execute()  # a kernel manager passed in is left running, so its CPU time can be read
    kernel_cpu = cpu_seconds(km.provisioner.pid)
    km.shutdown_kernel(now=True)
    nb_wall = time.perf_counter() - started
    started = time.perf_counter()
    before = os.times()
    subprocess.run([CAJAL, "run", str(lesson)], check=True, capture_output=True, cwd=ROOT)
    after = os.times()
    run_wall = time.perf_counter() - started
    run_cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return nb_wall, kernel_cpu, run_wall, run_cpu


if __name__ == "__main__":
    import tempfile
    lesson = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "lessons/04-backprop/lesson.cajal"
    print(f"load average {os.getloadavg()[0]:.2f}")
    wall, cpu = startup()
    print(f"startup to kernel_info_reply: {wall * 1000:.0f} ms wall, kernel CPU {cpu * 1000:.0f} ms (medians of 5)")
    wall, cpu = round_trip()
    print(f"round trip of 1 + 2: {wall * 1000:.2f} ms wall (median of 50), kernel CPU {cpu * 1000:.2f} ms per request")
    nb_wall, kernel_cpu, run_wall, run_cpu = lesson_times(lesson, pathlib.Path(tempfile.mkdtemp()))
    print(f"{lesson.parent.name} under nbclient: {nb_wall:.1f} s wall, kernel CPU {kernel_cpu:.1f} s")
    print(f"{lesson.parent.name} with cajal run: {run_wall:.1f} s wall, CPU {run_cpu:.1f} s")
    print(f"load average {os.getloadavg()[0]:.2f}")
