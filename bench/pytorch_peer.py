#!/usr/bin/env python3
"""The PyTorch peer of `./rmfer bench`: trains the same small CNN with the same IAL head as the toolkit
(4 x (conv3x3 -> BN -> ReLU -> maxpool2) 32-64-128-256, computed like the toolkit as conv -> BN -> maxpool -> ReLU,
which gives the same values and gradients with ReLU on a quarter of the data; global average pool, f^FER,
H = Linear-ReLU-Linear,
attention with the official -1e7 self-mask, f^IAL on A.f, L = CE + lambda1 CE, Adam 1e-3) on random data, and
prints one JSON line per input size with the measured images/s of each timed step.

Run by `./rmfer bench` when Debian's python3-torch is installed: /usr/bin/python3 bench/pytorch_peer.py ...
"""
import argparse
import json
import os
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class SmallCnnIal(nn.Module):
    def __init__(self, classes=7, proj=256):
        super().__init__()
        layers, cin = [], 3
        for cout in (32, 64, 128, 256):
            layers += [nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.MaxPool2d(2), nn.ReLU()]
            cin = cout
        self.backbone = nn.Sequential(*layers)
        self.fer = nn.Linear(256, classes)
        self.proj = nn.Sequential(nn.Linear(256, proj), nn.ReLU(), nn.Linear(proj, proj))
        self.ial = nn.Linear(256, classes)

    def forward(self, x, tau=1.0):
        f = self.backbone(x).mean(dim=(2, 3))
        z = F.normalize(self.proj(f), dim=1)
        s = z @ z.t() / tau
        s = s - torch.diag(torch.diagonal(s)) + torch.diag(torch.full((x.shape[0],), -1e7))
        a = torch.softmax(s, dim=1)
        return self.fer(f), self.ial(a @ f)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", type=int, nargs="+", default=[64, 112])
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=10)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(42)
    for size in a.sizes:
        model = SmallCnnIal()
        opt = torch.optim.Adam(model.parameters(), lr=1e-3)
        x = torch.randn(a.batch, 3, size, size)
        y = torch.arange(a.batch) % 7
        rates = []
        for i in range(a.warmup + a.steps):
            t0 = time.perf_counter()
            o, att = model(x)
            loss = F.cross_entropy(o, y) + 1.0 * F.cross_entropy(att, y)
            opt.zero_grad()
            loss.backward()
            opt.step()
            dt = time.perf_counter() - t0
            if i >= a.warmup:
                rates.append(a.batch / dt)
        print(json.dumps({"size": size, "img_per_s": rates, "torch": torch.__version__, "threads": a.threads}), flush=True)


if __name__ == "__main__":
    main()
