"""Models leave Cajal: save_onnx, save_npz and summary(torch: true) checked with the real tools.

A Cajal script builds every supported layer (and the lesson models: lesson 8's MLP and digits
CNN, lesson 10's Reber LSTM as prelude layers), runs each on a fixed input and writes the input,
Cajal's output, the ONNX file, the .npz weights and the printed PyTorch definition. Then, for
each model: onnx.checker passes, ONNX Runtime gives Cajal's outputs within 1e-5, and the .npz
loads (strictly) into the torch model the printed definition builds, which gives them too.
"""
import os
import pathlib
import subprocess

import numpy as np
import onnx
from onnx import numpy_helper
import onnxruntime as ort
import pytest
import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
CAJAL = os.environ.get("CAJAL_BIN", str(ROOT / ".build" / "release" / "cajal"))
TOLERANCE = 1e-5

# name → Cajal expression of the model, expression of its fixed input. The input of a model
# that starts with an Embedding holds whole numbers (token indices).
MODELS = {
    "dense": ("Sequential([Dense(5, 3)])", "randn([4, 5])"),
    "dense_alone_no_bias": ("Dense(5, 3, bias: false)", "randn([4, 5])"),
    "activations": ("Sequential([Dense(6, 8), ReLU(), Dense(8, 8), Sigmoid(), Dense(8, 8), Tanh(), "
                    "Dense(8, 8), LeakyReLU(slope: 0.1), Dense(8, 4), Softmax()])", "randn([4, 6])"),
    "plain_functions": ("Sequential([Dense(4, 4), relu, Dense(4, 4), tanh, Dense(4, 2), sigmoid])", "randn([3, 4])"),
    "softmax_axis": ("Sequential([Softmax(axis: 1)])", "randn([2, 3, 4])"),
    "conv": ("Sequential([Conv2D(2, 3, 3, stride: 2, padding: 1), ReLU()])", "randn([2, 2, 7, 7])"),
    "conv_plain": ("Conv2D(1, 2, 2)", "randn([2, 1, 5, 5])"),
    "pools": ("Sequential([MaxPool2D(2), AvgPool2D(2, stride: 1), MaxPool2D(2, stride: 1)])", "randn([2, 3, 9, 9])"),
    "flatten_dropout": ("Sequential([Flatten(), Dropout(0.5), Dense(12, 2)])", "randn([3, 3, 2, 2])"),
    "embedding": ("Sequential([Embedding(10, 4), Flatten(), Dense(12, 2)])", "floor(rand([5, 3]) * 10)"),
    "rnn": ("Sequential([RNN(3, 5)])", "randn([2, 6, 3])"),
    "lstm": ("Sequential([LSTM(3, 5)])", "randn([2, 6, 3])"),
    "nested": ("Sequential([Sequential([Dense(4, 4), ReLU()]), Dense(4, 2)])", "randn([3, 4])"),
    # lesson 8: the 64-64-10 MLP and the small LeNet, on digits
    "lesson_mlp": ("Sequential([Flatten(), Dense(64, 64), ReLU(), Dense(64, 10)])",
                   "reshape(digits(split: \"test\").x[0:16], [16, 1, 8, 8])"),
    "lesson_cnn": ("Sequential([Conv2D(1, 16, 3, padding: 1), ReLU(), MaxPool2D(2), "
                   "Flatten(), Dense(256, 64), ReLU(), Dense(64, 10)])",
                   "reshape(digits(split: \"test\").x[0:16], [16, 1, 8, 8])"),
    # lesson 10: the embedded Reber LSTM (32 cells, a linear read-out of 7 symbols)
    "lesson_reber_lstm": ("Sequential([LSTM(7, 32), Dense(32, 7)])", "reber(8).x"),
}

GENERATOR = """
fn export(name, model, x) {
  # biases start at 0: make them random too, so that their layout is checked
  for p in parameters(model) {
    if len(p.shape) == 1 { p.data = randn(p.shape) * 0.5 }
  }
  eval_mode(model)
  let y = no_grad(fn() = model.forward(x))
  save_npy(x, "{dir}/{name}.x.npy")
  save_npy(y, "{dir}/{name}.y.npy")
  save_onnx(model, "{dir}/{name}.onnx", input: x.shape)
  save_npz(model, "{dir}/{name}.npz")
  print("=== {name}")
  summary(model, torch: true)
}
"""


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("onnx")
    lines = [f'let dir = "{out}"', GENERATOR, "seed(19)"]
    lines += [f'export("{name}", {model}, {x})' for name, (model, x) in MODELS.items()]
    script = out / "make.cajal"
    script.write_text("\n".join(lines) + "\n")
    run = subprocess.run([CAJAL, "run", str(script)], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    sources, name = {}, None
    for line in run.stdout.splitlines():
        if line.startswith("=== "):
            name = line[4:]
            sources[name] = []
        else:
            sources[name].append(line)
    return out, {k: "\n".join(v) for k, v in sources.items()}


def load_case(exported, name):
    out, sources = exported
    x = np.load(out / f"{name}.x.npy")
    y = np.load(out / f"{name}.y.npy")
    return out, sources[name], x, y


def takes_indices(name):
    return name == "embedding"


@pytest.mark.parametrize("name", MODELS)
def test_the_onnx_checker_accepts_the_file(exported, name):
    out = exported[0]
    model = onnx.load(str(out / f"{name}.onnx"))
    onnx.checker.check_model(model, full_check=True)
    assert model.opset_import[0].version >= 17
    assert model.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch"


@pytest.mark.parametrize("name", MODELS)
def test_onnxruntime_gives_cajals_outputs(exported, name):
    out, _, x, y = load_case(exported, name)
    session = ort.InferenceSession(str(out / f"{name}.onnx"), providers=["CPUExecutionProvider"])
    feed = x.astype(np.int64) if takes_indices(name) else x
    (got,) = session.run(None, {"input": feed})
    assert got.shape == y.shape
    np.testing.assert_allclose(got, y, rtol=0, atol=TOLERANCE)
    # the batch axis is free: one example alone gives its row of the batch's outputs
    (one,) = session.run(None, {"input": feed[:1]})
    np.testing.assert_allclose(one, y[:1], rtol=0, atol=TOLERANCE)


@pytest.mark.parametrize("name", MODELS)
def test_the_npz_loads_into_the_printed_torch_model(exported, name):
    out, source, x, y = load_case(exported, name)
    namespace = {}
    exec(source, namespace)
    model = namespace["model"]
    weights = np.load(out / f"{name}.npz")
    model.load_state_dict({k: torch.from_numpy(weights[k]) for k in weights.files}, strict=True)
    model.eval()
    with torch.no_grad():
        got = model(torch.from_numpy(x).long() if takes_indices(name) else torch.from_numpy(x)).numpy()
    assert got.shape == y.shape
    np.testing.assert_allclose(got, y, rtol=0, atol=TOLERANCE)


def test_the_npz_is_named_and_laid_out_as_pytorchs_state_dict(exported):
    out, source, _, _ = load_case(exported, "lesson_cnn")
    weights = np.load(out / "lesson_cnn.npz")
    assert weights.files == ["0.weight", "0.bias", "4.weight", "4.bias", "6.weight", "6.bias"]
    assert weights["0.weight"].shape == (16, 1, 3, 3)
    assert weights["4.weight"].shape == (64, 256)  # nn.Linear's [out, in]
    assert weights["4.weight"].dtype == np.float32
    assert source.splitlines()[2:] == [
        "model = nn.Sequential(",
        "    nn.Conv2d(1, 16, 3, padding=1),",
        "    nn.ReLU(),",
        "    nn.MaxPool2d(2),",
        "    nn.Flatten(),",
        "    nn.Linear(256, 64),",
        "    nn.ReLU(),",
        "    nn.Linear(64, 10),",
        ")",
    ]
    lstm = np.load(out / "lesson_reber_lstm.npz")
    assert lstm.files == ["0.weight_ih_l0", "0.weight_hh_l0", "0.bias_ih_l0", "0.bias_hh_l0", "1.weight", "1.bias"]
    assert lstm["0.weight_ih_l0"].shape == (128, 7)


def test_the_lstm_gates_are_reordered_for_onnx(exported):
    """ONNX stacks an LSTM's gates i, o, f, c; Cajal and PyTorch i, f, g, o."""
    out = exported[0]
    model = onnx.load(str(out / "lstm.onnx"))
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    torch_w = np.load(out / "lstm.npz")["0.weight_ih_l0"]  # [4·5, 3], blocks i, f, g, o
    i, f, g, o = np.split(torch_w, 4)
    np.testing.assert_array_equal(inits["layers[0].W"][0], np.concatenate([i, o, f, g]))


def test_the_epilogue_lessons_files_give_its_answers():
    """lessons/99-next-steps trains the digits CNN and writes it out; the tools it names agree."""
    lesson = ROOT / "lessons" / "99-next-steps" / "lesson.cajal"
    run = subprocess.run([CAJAL, "lesson", "--check", str(lesson)], capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout + run.stderr
    recorded = [l for l in lesson.read_text().splitlines() if l.startswith("#> Cajal's answers")]
    answers = [int(a) for a in recorded[0].split("[")[1].rstrip("]").split(",")]
    x = np.load("/tmp/cajal_digits_x.npy")
    session = ort.InferenceSession("/tmp/cajal_digits_cnn.onnx", providers=["CPUExecutionProvider"])
    (logits,) = session.run(None, {"input": x})
    assert logits.argmax(axis=1).tolist() == answers
    lines = lesson.read_text().splitlines()
    start = lines.index("#> import torch")
    end = lines.index("#> )", start)
    source = "\n".join(l[3:] for l in lines[start:end + 1])  # what summary(model, torch: true) printed
    namespace = {}
    exec(source, namespace)
    model = namespace["model"]
    weights = np.load("/tmp/cajal_digits_cnn.npz")
    model.load_state_dict({k: torch.from_numpy(weights[k]) for k in weights.files})
    model.eval()
    with torch.no_grad():
        torch_logits = model(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(torch_logits, logits, rtol=0, atol=TOLERANCE)
