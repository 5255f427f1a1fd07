"""backward() with its side lane, through the interpreter: a failing or interrupted backward
leaves every gradient whole and no job running.

The sweep hands the leaves' gradient sums to a lane on the pool's worker (Backward.swift,
SideLane.swift) and closes the lane on every exit before a gradient is read. A backward that
fails part-way (here: the memory limit, on the sweep's own thread while the lane holds jobs)
leaves the gradients a serial sweep leaves (CAJAL_THREADS=1, no lane), bit for bit; a training
loop interrupted in the Jupyter kernel leaves a gradient that is whole, never half-summed.
"""
import os
import pathlib
import subprocess
import time

import numpy as np
from jupyter_client.manager import start_new_kernel

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAJAL = os.environ.get("CAJAL_BIN") or str(ROOT / ".build" / "release" / "cajal")
TIMEOUT = 30

# w1's sums go to the lane (h @ w1: 256·64·256 multiply-adds); the sweep then reaches a @ w2,
# whose batched product (64 × 256 × 256 floats, 16 MB) is over CAJAL_MAX_MEMORY=8M and throws
# on the sweep's thread. The REPL goes on after the error; the next lines read the gradients.
FAILING = """seed(1)
let w1 = param(randn([256, 256]) * 0.01)
let w2 = param(randn([256, 256]) * 0.01)
let a = randn([64, 1, 256])
let h = randn([64, 256])
let loss = sum(a @ w2) + sum(h @ w1)
loss.backward()
print(w1.grad == nil, w2.grad == nil)
save_npy(w1.grad, "{out}")
"""


def run_failing(tmp_path, name, env):
    out = tmp_path / f"{name}.npy"
    result = subprocess.run([CAJAL], input=FAILING.format(out=out), capture_output=True, text=True,
                            timeout=120, env={**os.environ, "CAJAL_MAX_MEMORY": "8M", "NO_COLOR": "1", **env})
    return result, np.load(out)


def test_a_backward_failing_with_jobs_on_the_lane_leaves_the_serial_gradients(tmp_path):
    lane, lane_grad = run_failing(tmp_path, "lane", {"CAJAL_THREADS": "2"})
    serial, serial_grad = run_failing(tmp_path, "serial", {"CAJAL_THREADS": "1"})
    assert "would need 16 MB; the limit is 8 MB" in lane.stderr
    assert lane.stderr == serial.stderr
    # w1 (reached before the failure) has its whole gradient, w2 none.
    assert lane.stdout == serial.stdout == "false true\n"
    assert lane_grad.shape == (256, 256)
    assert lane_grad.tobytes() == serial_grad.tobytes()


def test_an_interrupted_training_loop_leaves_a_whole_gradient():
    km, kc = start_new_kernel(kernel_name="cajal", startup_timeout=60)
    try:
        setup = """seed(3)
let w = param(randn([64, 256]) * 0.1)
let wx = param(randn([16, 256]) * 0.1)
let xs = randn([8, 32, 16])
var h = zeros([32, 64])
for s in 0..<8 { h = tanh(xs[s] @ wx + h @ w)[:, 0:64] }
let loss = sum(h * h)
loss.backward()
let ref = w.grad
let refx = wx.grad
var n = 0"""
        reply = kc.execute_interactive(setup, timeout=TIMEOUT)
        assert reply["content"]["status"] == "ok"
        msg_id = kc.execute("while true { w.grad = nil\nwx.grad = nil\nloss.backward()\nn += 1 }")
        time.sleep(1.5)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=10)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=10)
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        outputs = []
        check = """let whole = w.grad == nil or sum(abs(w.grad - ref)) == 0
let wholex = wx.grad == nil or sum(abs(wx.grad - refx)) == 0
print(n > 0, whole, wholex)"""
        reply = kc.execute_interactive(check, timeout=TIMEOUT, output_hook=outputs.append)
        assert reply["content"]["status"] == "ok"
        text = "".join(m["content"].get("text", "") for m in outputs if m["msg_type"] == "stream")
        assert text == "true true true\n"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
