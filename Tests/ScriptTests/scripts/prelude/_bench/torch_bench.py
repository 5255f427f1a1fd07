import torch, time
torch.set_num_threads(1)
torch.manual_seed(0)
def bench(name, model, x, y, lossf, n):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    def step():
        opt.zero_grad(); lossf(model(x), y).backward(); opt.step()
    for _ in range(5): step()
    t0 = time.process_time()
    for _ in range(n): step()
    print(name, "torch step ms", (time.process_time() - t0) / n * 1000)
x = torch.randn(64, 784); y = torch.arange(64) % 10
bench("dense", torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 10)), x, y, torch.nn.functional.cross_entropy, 500)
xc = torch.randn(64, 1, 28, 28)
cnn = torch.nn.Sequential(torch.nn.Conv2d(1, 6, 5, padding=2), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Conv2d(6, 16, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(), torch.nn.Linear(400, 120), torch.nn.ReLU(), torch.nn.Linear(120, 84), torch.nn.ReLU(), torch.nn.Linear(84, 10))
bench("conv", cnn, xc, y, torch.nn.functional.cross_entropy, 40)
class L(torch.nn.Module):
    def __init__(s):
        super().__init__(); s.l = torch.nn.LSTM(16, 64, batch_first=True)
    def forward(s, x):
        return s.l(x)[0][:, -1]
bench("lstm", L(), torch.randn(32, 32, 16), torch.randn(32, 64), torch.nn.functional.mse_loss, 50)
