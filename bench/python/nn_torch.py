"""PyTorch CPU anchor for bench/nn.bench.ts: samples/s of the same MLP and CNN, Adam, best of 3.

Usage: python3 nn_torch.py '{"n": 25600, "f": 20, "epochs": 2, "threads": 2, "img_n": 1024, "img_epochs": 1}'
Prints one JSON line: {"mlp": samples_per_s, "cnn": samples_per_s, "torch": version}.
"""
import json, sys, time
import torch
from torch import nn

cfg = json.loads(sys.argv[1])
torch.set_num_threads(cfg["threads"])
torch.manual_seed(0)


def rate(model, x, y, batch, epochs):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.BCELoss()
    n = x.shape[0]
    best = 0.0
    for _ in range(3):
        t = time.perf_counter()
        for _ in range(epochs):
            perm = torch.randperm(n)
            xs, ys = x[perm], y[perm]
            for s in range(0, n, batch):
                opt.zero_grad()
                loss = loss_fn(model(xs[s:s + batch]), ys[s:s + batch])
                loss.backward()
                opt.step()
        best = max(best, epochs * n / (time.perf_counter() - t))
    return best


f = cfg["f"]
mlp = nn.Sequential(nn.Linear(f, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1), nn.Sigmoid())
x = torch.rand(cfg["n"], f) - 0.5
y = (x[:, :1] > 0).float()
out = {"mlp": rate(mlp, x, y, 256, cfg["epochs"])}
cnn = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 10 * 10, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())
xi = torch.rand(cfg["img_n"], 1, 40, 40)
yi = (xi.mean(dim=(1, 2, 3)) > 0.5).float().unsqueeze(1)
out["cnn"] = rate(cnn, xi, yi, 128, cfg["img_epochs"])
out["torch"] = torch.__version__
print(json.dumps(out))
