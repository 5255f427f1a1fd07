"""The Cajal Jupyter kernel against Jupyter's own clients.

jupyter_kernel_test's protocol suite with every sample it offers filled in (none skipped),
then what the suite does not cover: an interrupted 100 s cell, stop_on_error aborting queued
cells, a message with a bad signature, fit's progress line as one updating output, a live plot
updated in place, the tensor table, and restart/shutdown leaving no process behind.
"""
import os
import pathlib
import signal
import time

import jupyter_kernel_test as jkt
import pytest
from jupyter_client.manager import start_new_kernel

KERNEL = "cajal"
TIMEOUT = 30


class CajalKernelTests(jkt.KernelTests):
    kernel_name = KERNEL
    language_name = "cajal"
    file_extension = ".cajal"

    code_hello_world = 'print("hello, world")'
    # log of a negative number warns (the non-finite sentinel): a warning goes to stderr.
    code_stderr = "let nan_made = log(tensor([-1.0]))"
    completion_samples = [
        {"text": "softm", "matches": {"softmax"}},
        {"text": "let zz_kernel = 1\nzz_ker", "matches": {"zz_kernel"}},
    ]
    complete_code_samples = ["1 + 2", "let x = [1, 2]", "fn f(a) {\n  return a\n}"]
    incomplete_code_samples = ["fn f(a) {", "matmul(a,", "1 +", '"""an open\nstring']
    invalid_code_samples = ["1)", "let = 3", "}"]
    code_generate_error = 'let boom = tensor([1, 2]) @ tensor([[1, 2, 3]])'
    code_execute_result = [
        {"code": "1 + 2", "result": "3"},
        {"code": "6 * 7", "result": "42"},
        {"code": "tensor([[1, 2], [3, 4]])", "mime": "text/html"},
    ]
    code_display_data = [
        {"code": "plot([1, 4, 9, 16], title: \"squares\")", "mime": "image/svg+xml"},
        {"code": "plot([1, 4, 9, 16], title: \"squares\")", "mime": "image/png"},
        {"code": "plot([1, 4, 9, 16], title: \"squares\")", "mime": "text/plain"},
        {"code": "for i in 1...3 { progress(i, 3) }", "mime": "text/html"},
    ]
    code_page_something = ":help softmax"
    code_clear_output = ":clear"
    code_inspect_sample = "softmax"
    code_history_pattern = "6*"
    supported_history_operations = ("tail", "range", "search")


@pytest.fixture
def kernel():
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=False)


def run(kc, code, timeout=TIMEOUT):
    """Executes `code`; the reply and the iopub messages of that request."""
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
    return reply, outputs


def test_an_interrupted_cell_keeps_the_session(kernel):
    km, kc = kernel
    run(kc, "var kept = 41")
    # About 100 s of work: far longer than the test waits.
    msg_id = kc.execute("var n = 0\nwhile n < 2000000000 { n = n + 1 }")
    time.sleep(1.5)
    started = time.monotonic()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=10)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=10)
    assert time.monotonic() - started < 5
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    after, outputs = run(kc, "kept + 1")
    assert after["content"]["status"] == "ok"
    results = [m for m in outputs if m["msg_type"] == "execute_result"]
    assert results[0]["content"]["data"]["text/plain"] == "42"


def test_stop_on_error_aborts_queued_cells(kernel):
    _, kc = kernel
    # The failing cell works for a while before it fails at run time, so the second request
    # is surely waiting when the kernel aborts the queue: with a cell that failed at once (a
    # static error takes a millisecond), a loaded machine could deliver the second request
    # after the first was answered, and the kernel rightly ran it.
    failing = kc.execute("var s = 0\nfor i in 0..<20000000 { s = s + i }\nlet xs = [1, 2]\nxs[s]")
    queued = kc.execute('print("must not run")')
    replies = {}
    while len(replies) < 2:
        msg = kc.get_shell_msg(timeout=TIMEOUT)
        replies[msg["parent_header"]["msg_id"]] = msg["content"]
    assert replies[failing]["status"] == "error"
    assert replies[queued]["status"] == "aborted"
    # The kernel runs the next cell normally.
    reply, _ = run(kc, "1 + 1")
    assert reply["content"]["status"] == "ok"


def test_errors_carry_the_located_diagnostic(kernel):
    _, kc = kernel
    reply, outputs = run(kc, "let y = 1\nlet z = y +* 2")
    assert reply["content"]["status"] == "error"
    error = [m for m in outputs if m["msg_type"] == "error"][0]["content"]
    text = "\n".join(error["traceback"])
    assert "cell[1]:2:" in text        # file:line:col
    assert "^" in text                 # the caret under the place
    assert "\x1b[" in text             # ANSI colour, which Jupyter renders


def test_a_bad_signature_is_dropped(kernel):
    km, kc = kernel
    good_key = kc.session.key
    kc.session.key = b"not-the-key"
    kc.execute("1 + 1")
    with pytest.raises(Exception):
        kc.get_shell_msg(timeout=2)
    kc.session.key = good_key
    reply, _ = run(kc, "2 + 2")
    assert reply["content"]["status"] == "ok"


def test_fit_progress_is_one_updating_line(kernel):
    _, kc = kernel
    code = "\n".join([
        "for i in 1...300 { progress(i, 300, text: \"step {i}\") }",
    ])
    reply, outputs = run(kc, code)
    assert reply["content"]["status"] == "ok"
    shown = [m for m in outputs if m["msg_type"] == "display_data"]
    updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
    assert len(shown) == 1
    display_id = shown[0]["content"]["transient"]["display_id"]
    assert all(u["content"]["transient"]["display_id"] == display_id for u in updates)
    # The last state is the finished line, and there are far fewer messages than steps.
    last = (updates or shown)[-1]["content"]["data"]["text/plain"]
    assert "step 300" in last
    assert len(updates) < 100


def test_a_live_plot_updates_one_output(kernel):
    _, kc = kernel
    code = "var ys = []\nfor i in 1...5 {\n  ys.append(i * i)\n  plot(ys, live: true)\n}"
    reply, outputs = run(kc, code)
    assert reply["content"]["status"] == "ok", reply["content"]
    shown = [m for m in outputs if m["msg_type"] == "display_data"]
    assert len(shown) == 1
    assert "image/png" in shown[0]["content"]["data"]
    display_id = shown[0]["content"]["transient"]["display_id"]
    updates = [m for m in outputs if m["msg_type"] == "update_display_data"]
    assert all(u["content"]["transient"]["display_id"] == display_id for u in updates)


def test_restart_and_shutdown_leave_no_process():
    km, kc = start_new_kernel(kernel_name=KERNEL, startup_timeout=60)
    first = km.provisioner.pid
    run(kc, "let before = 1")
    km.restart_kernel(now=False)
    second = km.provisioner.pid
    assert second != first
    kc.wait_for_ready(timeout=60)
    reply, outputs = run(kc, "1 + 1")
    assert reply["content"]["status"] == "ok"
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    for pid in (first, second):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.1)
        else:
            pytest.fail(f"kernel process {pid} is still alive")


def test_install_and_uninstall_the_kernelspec(tmp_path):
    import json
    import subprocess
    from jupyter_client.kernelspec import KernelSpecManager

    cajal = os.environ.get("CAJAL_BIN") or str(pathlib.Path(__file__).resolve().parents[2] / ".build/release/cajal")
    subprocess.run([cajal, "kernel", "install", "--prefix", str(tmp_path)], check=True, capture_output=True)
    kernels = tmp_path / "share" / "jupyter" / "kernels"
    specs = KernelSpecManager(kernel_dirs=[str(kernels)]).find_kernel_specs()
    assert "cajal" in specs
    spec = json.loads((kernels / "cajal" / "kernel.json").read_text())
    assert os.path.isabs(spec["argv"][0]) and os.path.exists(spec["argv"][0])
    assert spec["argv"][1:] == ["kernel", "--connection-file", "{connection_file}"]
    assert spec["interrupt_mode"] == "signal"
    logo = (kernels / "cajal" / "logo-64x64.png").read_bytes()
    assert logo[:8] == b"\x89PNG\r\n\x1a\n" and logo[16:24] == (64).to_bytes(4, "big") * 2
    subprocess.run([cajal, "kernel", "uninstall", "--prefix", str(tmp_path)], check=True, capture_output=True)
    assert "cajal" not in KernelSpecManager(kernel_dirs=[str(kernels)]).find_kernel_specs()
