# Generates ../optim_curves_match_pytorch.cajal: 10-step loss curves of a fixed 3-4-2 tanh net
# (cross-entropy on 6 fixed examples, full batch) under each prelude optimiser, as computed by
# PyTorch's torch.optim (CPU, float32). Not run by the test suite; rerun by hand:
#     python3 Tests/ScriptTests/scripts/prelude/reference/optim_curves.py
# The Cajal script builds the same net with Dense layers (W is the transpose of nn.Linear's
# weight) and checks its own curves against these numbers.
import os
import torch

torch.set_default_dtype(torch.float32)

W1 = [[0.5, -0.3, 0.2, 0.1], [-0.4, 0.6, -0.1, 0.3], [0.2, 0.1, 0.5, -0.6]]   # [3, 4]
b1 = [0.1, -0.2, 0.05, 0.0]
W2 = [[0.3, -0.5], [0.8, 0.2], [-0.6, 0.4], [0.1, 0.7]]                        # [4, 2]
b2 = [0.05, -0.05]
X = [[1.0, 0.5, -1.0], [0.2, -0.3, 0.8], [-0.7, 1.2, 0.1], [0.9, -1.1, 0.4], [-0.5, -0.5, -0.5], [0.3, 0.8, 1.5]]
Y = [0, 1, 1, 0, 1, 0]

CONFIGS = [
    ("SGD", "SGD(ps, lr: 0.5)", lambda ps: torch.optim.SGD(ps, lr=0.5)),
    ("SGD+momentum", "SGD(ps, lr: 0.1, momentum: 0.9)", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9)),
    ("SGD+Nesterov", "SGD(ps, lr: 0.1, momentum: 0.9, nesterov: true)", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True)),
    ("SGD+weight decay", "SGD(ps, lr: 0.5, weight_decay: 0.1)", lambda ps: torch.optim.SGD(ps, lr=0.5, weight_decay=0.1)),
    ("SGD+momentum+weight decay", "SGD(ps, lr: 0.1, momentum: 0.5, weight_decay: 0.05)", lambda ps: torch.optim.SGD(ps, lr=0.1, momentum=0.5, weight_decay=0.05)),
    ("Adam", "Adam(ps, lr: 0.05)", lambda ps: torch.optim.Adam(ps, lr=0.05)),
    ("Adam+betas+weight decay", "Adam(ps, lr: 0.05, beta1: 0.8, beta2: 0.99, weight_decay: 0.1)", lambda ps: torch.optim.Adam(ps, lr=0.05, betas=(0.8, 0.99), weight_decay=0.1)),
    ("RMSprop", "RMSprop(ps, lr: 0.01)", lambda ps: torch.optim.RMSprop(ps, lr=0.01)),
    ("RMSprop+alpha+eps", "RMSprop(ps, lr: 0.02, alpha: 0.9, eps: 1e-6)", lambda ps: torch.optim.RMSprop(ps, lr=0.02, alpha=0.9, eps=1e-6)),
]


def curve(make):
    l1, l2 = torch.nn.Linear(3, 4), torch.nn.Linear(4, 2)
    with torch.no_grad():
        l1.weight.copy_(torch.tensor(W1).T); l1.bias.copy_(torch.tensor(b1))
        l2.weight.copy_(torch.tensor(W2).T); l2.bias.copy_(torch.tensor(b2))
    opt = make([l1.weight, l1.bias, l2.weight, l2.bias])
    x, y = torch.tensor(X), torch.tensor(Y)
    losses = []
    for _ in range(10):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(l2(torch.tanh(l1(x))), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses


def lit(xs):
    return "[" + ", ".join(repr(float(v)) for v in xs) + "]"


def main():
    out = [
        "# Frozen 10-step loss curves of every prelude optimiser against PyTorch " + torch.__version__ + " (CPU, float32).",
        "# Made by reference/optim_curves.py (torch.optim.SGD/Adam/RMSprop on the same 3-4-2 tanh net, same",
        "# fixed weights and 6 examples, cross-entropy, full batch; the loss is recorded before each step).",
        "# Compared at rtol 1e-5 (float32 sums in a different order differ in the 6th-7th digit).",
        "fn make_model() {",
        "    let l1 = Dense(3, 4)",
        "    let l2 = Dense(4, 2)",
        "    l1.W.data = " + str(W1),
        "    l1.b.data = " + lit(b1),
        "    l2.W.data = " + str(W2),
        "    l2.b.data = " + lit(b2),
        "    return Sequential([l1, Tanh(), l2])",
        "}",
        "let x = tensor(" + str(X) + ")",
        "let y = tensor(" + str(Y) + ")",
        "fn curve(make_opt) {",
        "    let model = make_model()",
        "    let opt = make_opt(model.params)",
        "    let losses = []",
        "    for i in 0..<10 {",
        "        opt.zero_grad()",
        "        let loss = cross_entropy(model.forward(x), y)",
        "        loss.backward()",
        "        opt.step()",
        "        losses.append(float(loss))",
        "    }",
        "    return tensor(losses)",
        "}",
    ]
    for label, cajal, make in CONFIGS:
        out.append("assert_close(curve(fn(ps) = " + cajal + "), " + lit(curve(make)) + ", rtol: 1e-5, atol: 1e-7)")
        out.append('print("' + label + ' ok")   # expect: ' + label + " ok")
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "optim_curves_match_pytorch.cajal"), "w") as f:
        f.write("\n".join(out) + "\n")


main()
