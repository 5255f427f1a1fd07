"""Frozen reference values for Tests/NNTests/LSTMSequenceTests.swift: PyTorch's nn.LSTM (one
layer, batch_first) in float64 over a sequence of 3 steps on fixed inputs (no random generator:
every value is sin of its flat index), the loss
L = sum(out * ry) + sum(h_T * rh) + sum(c_T * rc) over every output h_1 … h_T, the last h and
the last c, and its gradients with respect to x, h0, c0, W_ih, W_hh and b. Cajal's layout is
x @ W (W_ih [I, 4H]), PyTorch's is W @ x (weight_ih_l0 [4H, I]), so W_ih = weight_ih_l0.T;
PyTorch's second bias bias_hh_l0 is held at zero.
Usage: python3 lstm_sequence_reference.py   (prints Swift array literals)"""
import math
import torch

B, T, I, H = 2, 3, 3, 2


def fixed(shape, phase, scale):
    n = math.prod(shape)
    return torch.tensor([scale * math.sin(0.7 * k + phase) for k in range(n)], dtype=torch.float64).reshape(shape)


x = fixed((B, T, I), 0.1, 1.0).requires_grad_()
h0 = fixed((B, H), 0.2, 0.5).requires_grad_()
c0 = fixed((B, H), 0.3, 1.5).requires_grad_()
w_ih = fixed((I, 4 * H), 0.4, 0.6)
w_hh = fixed((H, 4 * H), 0.5, 0.6)
b = fixed((4 * H,), 0.6, 0.3)
ry = fixed((B, T, H), 0.7, 1.0)
rh = fixed((B, H), 0.8, 1.0)
rc = fixed((B, H), 0.9, 1.0)

lstm = torch.nn.LSTM(I, H, batch_first=True).double()
with torch.no_grad():
    lstm.weight_ih_l0.copy_(w_ih.T); lstm.weight_hh_l0.copy_(w_hh.T)
    lstm.bias_ih_l0.copy_(b); lstm.bias_hh_l0.zero_()
out, (hn, cn) = lstm(x, (h0.unsqueeze(0), c0.unsqueeze(0)))
loss = (out * ry).sum() + (hn[0] * rh).sum() + (cn[0] * rc).sum()
loss.backward()


def lit(name, t):
    vals = ", ".join(f"{v:.9g}" for v in t.detach().reshape(-1).tolist())
    print(f"    static let {name}: [Float] = [{vals}]")


print(f"    // torch {torch.__version__}, float64, B={B} T={T} I={I} H={H}")
for name, t in [("hs", out), ("h", hn[0]), ("c", cn[0]), ("gradX", x.grad), ("gradH0", h0.grad),
                ("gradC0", c0.grad), ("gradWih", lstm.weight_ih_l0.grad.T), ("gradWhh", lstm.weight_hh_l0.grad.T),
                ("gradB", lstm.bias_ih_l0.grad)]:
    lit(name, t)
