"""Frozen reference values for Tests/NNTests/LSTMCellTests.swift: one step of PyTorch's
nn.LSTMCell in float64 on fixed inputs (no random generator: every value is sin of its flat
index), the loss L = sum(h' * rh) + sum(c' * rc), and its gradients with respect to x, h, c,
W_ih, W_hh and b. Cajal's layout is x @ W (W_ih [I, 4H]), PyTorch's is W @ x (weight_ih
[4H, I]), so W_ih = weight_ih.T; PyTorch's second bias bias_hh is held at zero.
Usage: python3 lstm_cell_reference.py   (prints Swift array literals)"""
import math
import torch

B, I, H = 2, 3, 2


def fixed(shape, phase, scale):
    n = math.prod(shape)
    return torch.tensor([scale * math.sin(0.7 * k + phase) for k in range(n)], dtype=torch.float64).reshape(shape)


x = fixed((B, I), 0.1, 1.0).requires_grad_()
h = fixed((B, H), 0.2, 0.5).requires_grad_()
c = fixed((B, H), 0.3, 1.5).requires_grad_()
w_ih = fixed((I, 4 * H), 0.4, 0.6)
w_hh = fixed((H, 4 * H), 0.5, 0.6)
b = fixed((4 * H,), 0.6, 0.3)
rh = fixed((B, H), 0.7, 1.0)
rc = fixed((B, H), 0.8, 1.0)

cell = torch.nn.LSTMCell(I, H).double()
with torch.no_grad():
    cell.weight_ih.copy_(w_ih.T); cell.weight_hh.copy_(w_hh.T)
    cell.bias_ih.copy_(b); cell.bias_hh.zero_()
h1, c1 = cell(x, (h, c))
loss = (h1 * rh).sum() + (c1 * rc).sum()
loss.backward()


def lit(name, t):
    vals = ", ".join(f"{v:.9g}" for v in t.detach().reshape(-1).tolist())
    print(f"    static let {name}: [Float] = [{vals}]")


print(f"    // torch {torch.__version__}, float64, B={B} I={I} H={H}")
for name, t in [("h1", h1), ("c1", c1), ("gradX", x.grad), ("gradH", h.grad), ("gradC", c.grad),
                ("gradWih", cell.weight_ih.grad.T), ("gradWhh", cell.weight_hh.grad.T), ("gradB", cell.bias_ih.grad)]:
    lit(name, t)
