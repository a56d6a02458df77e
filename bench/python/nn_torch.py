"""PyTorch CPU anchor for bench/nn.bench.ts: samples/s of the same MLP and CNN, Adam, one timed pass per request.

Usage: python3 nn_torch.py '{"n": 25600, "f": 20, "epochs": 2, "threads": 2, "img_n": 2048, "img_epochs": 1}'
Prints {"ready": true, "torch": version} once the models are built and warmed up, then answers each line
read from stdin ("mlp" or "cnn") with one JSON line {"rate": samples_per_s} for one timed pass of that
network (`epochs` passes over its data, fresh shuffles), so that the bench can alternate it pass by pass
with hepml. Stops at end of input.
"""
import json, sys, time
import torch
from torch import nn

cfg = json.loads(sys.argv[1])
torch.set_num_threads(cfg["threads"])
torch.manual_seed(0)


class Job:
    def __init__(self, model, x, y, batch, epochs):
        self.model, self.x, self.y, self.batch, self.epochs = model, x, y, batch, epochs
        self.opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        self.loss_fn = nn.BCELoss()

    def rate(self):
        n = self.x.shape[0]
        t = time.perf_counter()
        for _ in range(self.epochs):
            perm = torch.randperm(n)
            xs, ys = self.x[perm], self.y[perm]
            for s in range(0, n, self.batch):
                self.opt.zero_grad()
                loss = self.loss_fn(self.model(xs[s:s + self.batch]), ys[s:s + self.batch])
                loss.backward()
                self.opt.step()
        return self.epochs * n / (time.perf_counter() - t)


f = cfg["f"]
mlp = nn.Sequential(nn.Linear(f, 64), nn.ReLU(), nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 1), nn.Sigmoid())
x = torch.rand(cfg["n"], f) - 0.5
y = (x[:, :1] > 0).float()
cnn = nn.Sequential(
    nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
    nn.Flatten(), nn.Linear(16 * 10 * 10, 32), nn.ReLU(), nn.Linear(32, 1), nn.Sigmoid())
xi = torch.rand(cfg["img_n"], 1, 40, 40)
yi = (xi.mean(dim=(1, 2, 3)) > 0.5).float().unsqueeze(1)
jobs = {"mlp": Job(mlp, x, y, 256, cfg["epochs"]), "cnn": Job(cnn, xi, yi, 128, cfg["img_epochs"])}
for job in jobs.values():
    job.rate()  # warm-up pass, as hepml's
print(json.dumps({"ready": True, "torch": torch.__version__}), flush=True)
for line in sys.stdin:
    name = line.strip()
    if name:
        print(json.dumps({"rate": jobs[name].rate()}), flush=True)
