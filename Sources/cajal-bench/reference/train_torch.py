"""The PyTorch side of `cajal-bench train`: the four training steps of workloads/*.cajal,
written as a PyTorch learner writes them (nn modules, autograd, optim.SGD), CPU, float32,
torch.set_num_threads(2). Measuring rules (the same for Cajal's side, docs/performance.md):
at least 0.3 s and 3 calls of warm-up, an inner loop sized so one repetition lasts >= 10 ms,
25 repetitions; prints the median and the fastest repetition, in ms per step.
Shapes, learning rates and initialisations are those of the reference scripts (whose torch
rows these reproduce); the data are random.
With --cpu, times process CPU time (time.process_time) on one thread instead of wall-clock
time on two: the steadier figure on a machine shared with other jobs.
Usage: python3 train_torch.py [xor_step,mlp_step_b64,cnn_lenet_b64,lstm_b32] [--cpu]

With --serve it is a coprocess of `cajal-bench train`, which alternates repetitions of Cajal
and of PyTorch on the same workload (pairs measured a few milliseconds apart, so a ratio does
not carry the machine's drift). One command a line on stdin, one reply a line on stdout:
  (at start)  -> ready torch=2.x threads=2 clock=wall
  warm W      -> warm W per_step_s=S fastest_s=F steps=N
                 builds W once (the model is kept between commands), then warms it up by the
                 rules above: S seconds per step on average, F the fastest step
  run W K     -> run W K seconds=S
                 K steps of W, S seconds by this script's clock (wall, or CPU with --cpu)
  run W K settle_s=D -> the same, after a busy wait of D seconds (untimed) on this process's
                 thread, so the repetition starts on an awake core while Cajal's threads go
                 quiet (`cajal-bench train --pause spin`, the default)
  quit or end of input: exits. A bad command -> error <what>"""
import statistics, sys, time

try:
    import torch, torch.nn as nn
except ImportError:
    print("# torch not installed")
    sys.exit(3)


CPU = "--cpu" in sys.argv
clock = time.process_time if CPU else time.perf_counter


def bench(fn, reps=25, min_warm_s=0.3, target_rep_s=0.01):
    t0 = clock(); n = 0
    while n < 3 or clock() - t0 < min_warm_s:
        fn(); n += 1
    per = (clock() - t0) / n
    inner = max(1, int(target_rep_s / per))
    ts = []
    for _ in range(reps):
        t = clock()
        for _ in range(inner):
            fn()
        ts.append((clock() - t) / inner)
    return statistics.median(ts) * 1e3, min(ts) * 1e3, reps, inner


def stepper(model, params, x, y, lossf, lr):
    opt = torch.optim.SGD(params, lr=lr)

    def step():
        opt.zero_grad()
        loss = lossf(model(x), y)
        loss.backward()
        opt.step()
        return loss
    return step


def xor_step():
    l1, l2 = nn.Linear(2, 2), nn.Linear(2, 1)
    with torch.no_grad():   # the weights of workloads/xor.cajal, transposed
        l1.weight.copy_(torch.tensor([[0.5, 0.3], [-0.4, 0.8]])); l1.bias.copy_(torch.tensor([0.1, -0.1]))
        l2.weight.copy_(torch.tensor([[0.7, -0.6]])); l2.bias.copy_(torch.tensor([0.05]))
    m = nn.Sequential(l1, nn.Sigmoid(), l2, nn.Sigmoid())
    x = torch.tensor([[0., 0], [0, 1], [1, 0], [1, 1]]); t = torch.tensor([[0.], [1], [1], [0]])
    return stepper(m, m.parameters(), x, t, lambda o, t: ((o - t) ** 2).mean(), 0.5)


def mlp_step_b64():
    m = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))
    return stepper(m, m.parameters(), torch.randn(64, 784), torch.randint(0, 10, (64,)), nn.CrossEntropyLoss(), 0.01)


def cnn_lenet_b64():
    m = nn.Sequential(nn.Conv2d(1, 6, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(256, 120), nn.ReLU(), nn.Linear(120, 84),
                      nn.ReLU(), nn.Linear(84, 10))
    return stepper(m, m.parameters(), torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,)),
                   nn.CrossEntropyLoss(), 0.01)


class LSTMHead(nn.Module):
    def __init__(self):
        super().__init__(); self.lstm = nn.LSTM(16, 64, batch_first=True); self.head = nn.Linear(64, 1)

    def forward(self, x):
        return self.head(self.lstm(x)[0][:, -1])


def lstm_b32():
    m = LSTMHead()
    return stepper(m, m.parameters(), torch.randn(32, 32, 16), torch.randn(32, 1), nn.MSELoss(), 0.05)


WORKLOADS = {"xor_step": xor_step, "mlp_step_b64": mlp_step_b64, "cnn_lenet_b64": cnn_lenet_b64, "lstm_b32": lstm_b32}

def warm_up(fn, min_warm_s=0.3):
    """At least 0.3 s and 3 calls; returns the seconds per call, the fastest call's seconds
    (which sizes the inner loop so a repetition lasts >= 10 ms even if the machine was slow
    during the warm-up) and the calls made."""
    t0 = clock(); n = 0; fastest = float("inf")
    while n < 3 or clock() - t0 < min_warm_s:
        t = clock(); fn(); fastest = min(fastest, clock() - t); n += 1
    return (clock() - t0) / n, fastest, n


def serve():
    steps = {}
    print(f"ready torch={torch.__version__} threads={torch.get_num_threads()} clock={'cpu' if CPU else 'wall'}",
          flush=True)
    for line in sys.stdin:
        words = line.split()
        try:
            if not words:
                continue
            if words[0] == "quit":
                break
            if words[0] == "warm" and len(words) == 2 and words[1] in WORKLOADS:
                name = words[1]
                if name not in steps:
                    steps[name] = WORKLOADS[name]()
                per, fastest, n = warm_up(steps[name])
                reply = f"warm {name} per_step_s={per:.9f} fastest_s={fastest:.9f} steps={n}"
            elif (words[0] == "run" and len(words) in (3, 4) and words[1] in steps and int(words[2]) > 0
                  and (len(words) == 3 or words[3].startswith("settle_s="))):
                fn, k = steps[words[1]], int(words[2])
                if len(words) == 4:
                    settle_until = time.perf_counter() + float(words[3].split("=", 1)[1])
                    while time.perf_counter() < settle_until:
                        pass
                t = clock()
                for _ in range(k):
                    fn()
                reply = f"run {words[1]} {k} seconds={clock() - t:.9f}"
            else:
                reply = f"error unknown command or workload not warmed: {line.strip()}"
        except Exception as e:   # the reply line carries it: stderr is not read
            reply = f"error {type(e).__name__}: {e}".replace("\n", " ")
        print(reply, flush=True)


if __name__ == "__main__":
    torch.set_num_threads(1 if CPU else 2)
    torch.manual_seed(0)
    if "--serve" in sys.argv:
        serve()
        sys.exit(0)
    args = [a for a in sys.argv[1:] if a != "--cpu"]
    which = args[0].split(",") if args else list(WORKLOADS)
    print(f"# torch {torch.__version__} threads={torch.get_num_threads()} clock={'cpu' if CPU else 'wall'}", flush=True)
    for name in which:
        med, mn, reps, inner = bench(WORKLOADS[name]())
        print(f"workload={name} framework=torch median_ms={med:.4f} min_ms={mn:.4f} reps={reps}x{inner}", flush=True)
