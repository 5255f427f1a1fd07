# Generates ../layers_match_pytorch.cajal: forward values and every gradient of the prelude's
# Dense, Conv2D, LSTM and RNN on fixed inputs and weights, as computed by PyTorch (CPU, float32)
# with nn.Linear, nn.Conv2d, nn.LSTM and nn.RNN (tanh). Not run by the test suite; rerun by hand:
#     python3 Tests/ScriptTests/scripts/prelude/reference/layers_reference.py
# Inputs, weights and the projection R come from torch.manual_seed(0) and are written into the
# Cajal script as literals, so the script does not depend on either random generator.
# Mapping: Dense.W = Linear.weightᵀ; Conv2D.W = Conv2d.weight; LSTM.W_ih = weight_ih_l0ᵀ,
# LSTM.W_hh = weight_hh_l0ᵀ, LSTM.b = bias_ih_l0 + bias_hh_l0 (bias_hh_l0 is set to zero here);
# the same for RNN.
import os
import torch

torch.manual_seed(0)


def lit(t):
    """A Cajal bracket literal of a tensor's float32 values."""
    if t.dim() == 0:
        return repr(float(t))
    return "[" + ", ".join(lit(row) for row in t) + "]"


def project(y, name, out):
    R = torch.randn(y.shape)
    out.append("let " + name + " = tensor(" + lit(R) + ")")
    return (y * R).sum()


def check(out, label, pairs):
    for what, value in pairs:
        out.append("assert_close(" + what + ", tensor(" + lit(value.detach()) + "), rtol: 1e-4, atol: 1e-5)")
    out.append('print("' + label + ' ok")   # expect: ' + label + " ok")


def dense(out):
    x = torch.randn(4, 3, requires_grad=True)
    lin = torch.nn.Linear(3, 2)
    out += ["", "# Dense(3, 2) on x [4, 3]", "let dense = Dense(3, 2)",
            "dense.W.data = tensor(" + lit(lin.weight.detach().T) + ")",
            "dense.b.data = tensor(" + lit(lin.bias.detach()) + ")",
            "let xd = param(tensor(" + lit(x.detach()) + "))"]
    y = lin(x)
    loss = project(y, "Rd", out)
    loss.backward()
    out += ["let yd = dense.forward(xd)", "sum(yd * Rd).backward()"]
    check(out, "Dense", [("yd", y), ("xd.grad", x.grad), ("dense.W.grad", lin.weight.grad.T), ("dense.b.grad", lin.bias.grad)])


def conv(out):
    x = torch.randn(2, 2, 5, 5, requires_grad=True)
    c = torch.nn.Conv2d(2, 3, 3, stride=2, padding=1)
    out += ["", "# Conv2D(2, 3, 3, stride: 2, padding: 1) on x [2, 2, 5, 5]",
            "let conv = Conv2D(2, 3, 3, stride: 2, padding: 1)",
            "conv.W.data = tensor(" + lit(c.weight.detach()) + ")",
            "conv.b.data = tensor(" + lit(c.bias.detach()) + ")",
            "let xc = param(tensor(" + lit(x.detach()) + "))"]
    y = c(x)
    loss = project(y, "Rc", out)
    loss.backward()
    out += ["let yc = conv.forward(xc)", "sum(yc * Rc).backward()"]
    check(out, "Conv2D", [("yc", y), ("xc.grad", x.grad), ("conv.W.grad", c.weight.grad), ("conv.b.grad", c.bias.grad)])


def lstm(out):
    n_in, H, B, T = 3, 4, 2, 6
    x = torch.randn(B, T, n_in, requires_grad=True)
    m = torch.nn.LSTM(n_in, H, batch_first=True)
    with torch.no_grad():
        m.bias_hh_l0.zero_()
    h0 = torch.randn(1, B, H, requires_grad=True)
    c0 = torch.randn(1, B, H, requires_grad=True)
    out += ["", "# LSTM(3, 4) on x [2, 6, 3] from the state {h0, c0}",
            "let lstm = LSTM(3, 4)",
            "lstm.W_ih.data = tensor(" + lit(m.weight_ih_l0.detach().T) + ")",
            "lstm.W_hh.data = tensor(" + lit(m.weight_hh_l0.detach().T) + ")",
            "lstm.b.data = tensor(" + lit(m.bias_ih_l0.detach()) + ")",
            "let xl = param(tensor(" + lit(x.detach()) + "))",
            "let h0 = param(tensor(" + lit(h0.detach()[0]) + "))",
            "let c0 = param(tensor(" + lit(c0.detach()[0]) + "))"]
    y, (hn, cn) = m(x, (h0, c0))
    loss = project(y, "Rl", out) + project(cn[0], "Rcn", out)
    loss.backward()
    out += ["let yl = lstm.forward(xl, state: {h: h0, c: c0})",
            "(sum(yl * Rl) + sum(lstm.last_state().c * Rcn)).backward()"]
    check(out, "LSTM", [("yl", y), ("lstm.last_state().h", hn[0]), ("lstm.last_state().c", cn[0]), ("xl.grad", x.grad),
                        ("h0.grad", h0.grad[0]), ("c0.grad", c0.grad[0]),
                        ("lstm.W_ih.grad", m.weight_ih_l0.grad.T), ("lstm.W_hh.grad", m.weight_hh_l0.grad.T),
                        ("lstm.b.grad", m.bias_ih_l0.grad)])


def rnn(out):
    n_in, H, B, T = 3, 5, 2, 4
    x = torch.randn(B, T, n_in, requires_grad=True)
    m = torch.nn.RNN(n_in, H, batch_first=True)
    with torch.no_grad():
        m.bias_hh_l0.zero_()
    out += ["", "# RNN(3, 5) on x [2, 4, 3] from zeros",
            "let rnn = RNN(3, 5)",
            "rnn.W_ih.data = tensor(" + lit(m.weight_ih_l0.detach().T) + ")",
            "rnn.W_hh.data = tensor(" + lit(m.weight_hh_l0.detach().T) + ")",
            "rnn.b.data = tensor(" + lit(m.bias_ih_l0.detach()) + ")",
            "let xr = param(tensor(" + lit(x.detach()) + "))"]
    y, _ = m(x)
    loss = project(y, "Rr", out)
    loss.backward()
    out += ["let yr = rnn.forward(xr)", "sum(yr * Rr).backward()"]
    check(out, "RNN", [("yr", y), ("xr.grad", x.grad), ("rnn.W_ih.grad", m.weight_ih_l0.grad.T),
                       ("rnn.W_hh.grad", m.weight_hh_l0.grad.T), ("rnn.b.grad", m.bias_ih_l0.grad)])


def main():
    out = ["# Dense, Conv2D, LSTM and RNN from the prelude against PyTorch " + torch.__version__ + " (CPU, float32):",
           "# forward values and every gradient of sum(y · R) for a fixed projection R, compared at",
           "# rtol 1e-4, atol 1e-5. Made by reference/layers_reference.py (nn.Linear, nn.Conv2d, nn.LSTM, nn.RNN",
           "# with the same weights; see the mapping there). Numbers are float32 values printed in full."]
    dense(out)
    conv(out)
    lstm(out)
    rnn(out)
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "layers_match_pytorch.cajal"), "w") as f:
        f.write("\n".join(out) + "\n")


main()
