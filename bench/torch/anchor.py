"""PyTorch CPU/CUDA anchor of the networks the lab benchmarks, layer for layer the same as the lab's.

    /usr/bin/python3 bench/torch/anchor.py --model frnas-dpn --size 32 --threads 1 [--device cpu|cuda]

Prints one JSON line: the median training step (forward, loss, backward, optimiser step) over
--steps steps after --warmup, images/s, inference images/s, and the thread count actually used.
Networks (see bench/README.md):
  reference-cnn   src/lab/models/families/classic.ts referenceCnn, softmax, Adam 1e-3
  expression-cnn  src/lab/models/families/expression-cnn.ts at its default width, softmax, Adam 1e-3
  frnas-dpn       src/lab/models/families/frnas-dpn.ts at width 0.08, edges "000", embedding 128,
                  CosFace (s 64, m 0.35), SGD (lr 0.28, momentum 0.9, weight decay 5e-4 on >= 2-D
                  weights, as timm's filter_bias_and_bn)
The DPN follows FR-NAS's own DualPathBlock (dooleys/FR-NAS src/search/dpn107.py): one conv whose
output is sliced, where the lab builds two convs over the same input (same function, same FLOPs).
"""
import argparse
import json
import math
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def js_round(x):
    """JavaScript's Math.round (half up), which the lab's width scaling uses."""
    return int(math.floor(x + 0.5))


def reference_cnn(channels, classes):
    return nn.Sequential(
        nn.Conv2d(channels, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, classes))


def expression_cnn(channels, classes, size, width=0.5, dropout=0.25, dense=128):
    layers, cin = [], channels
    for filters in (32, 64, 128, 256):
        cout = max(1, js_round(filters * width))
        layers += [nn.Conv2d(cin, cout, 3, padding=1), nn.BatchNorm2d(cout), nn.ReLU(),
                   nn.MaxPool2d(2), nn.Dropout(dropout)]
        cin = cout
    side = size // 16
    layers += [nn.Flatten(), nn.Linear(cin * side * side, dense), nn.ReLU(),
               nn.Dropout(min(0.5, 2 * dropout)), nn.Linear(dense, classes)]
    return nn.Sequential(*layers)


def bn(c):
    return nn.BatchNorm2d(c, eps=1e-3)


class BnActConv(nn.Module):
    """FR-NAS op 0-2 (BnActConv2d): BN -> ReLU -> Conv, 'same' padding, no bias."""

    def __init__(self, cin, cout, k, stride=1, groups=1):
        super().__init__()
        self.bn = bn(cin)
        self.conv = nn.Conv2d(cin, cout, k, stride, k // 2, groups=groups, bias=False)

    def forward(self, x):
        return self.conv(F.relu(self.bn(x)))


class DualPathBlock(nn.Module):
    """FR-NAS's DualPathBlock with projection, all three edges op 0 (BN-ReLU-Conv 3x3)."""

    def __init__(self, cin, r, bw, inc, groups, stride):
        super().__init__()
        self.bw = bw
        self.proj = BnActConv(cin, bw + 2 * inc, 1, stride)
        self.a = BnActConv(cin, r, 3)
        self.b = BnActConv(r, r, 3, stride, groups)
        self.c = BnActConv(r, bw + inc, 3)

    def forward(self, x):
        p = self.proj(x)
        y = self.c(self.b(self.a(x)))
        return torch.cat([p[:, :self.bw] + y[:, :self.bw], p[:, self.bw:], y[:, self.bw:]], 1)


class FrnasDpn(nn.Module):
    STAGES = ((256, 200, 20, 1), (512, 400, 64, 2), (1024, 800, 64, 2), (2048, 1600, 128, 2))

    def __init__(self, channels, width=0.08, embedding=128):
        super().__init__()
        s = lambda n: max(1, js_round(n * width))
        init, groups = s(128), s(50)
        self.stem = nn.Sequential(nn.Conv2d(channels, init, 7, 2, 3, bias=False), bn(init), nn.ReLU(),
                                  nn.MaxPool2d(3, 2, 1))
        blocks, cin = [], init
        for bw, r, inc, stride in self.STAGES:
            blocks.append(DualPathBlock(cin, s(r), s(bw), s(inc), groups, stride))
            cin = s(bw) + 3 * s(inc)
        self.blocks = nn.Sequential(*blocks)
        self.post = bn(cin)
        self.embedding = nn.Linear(cin, embedding)

    def forward(self, x):
        x = F.elu(self.post(self.blocks(self.stem(x))))
        return self.embedding(x.mean((2, 3)))


class CosFace(nn.Module):
    """CosFace (Wang et al. 2018): s * (cos - m * onehot), then cross-entropy."""

    def __init__(self, embedding, classes, s=64.0, m=0.35):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(embedding, classes))
        nn.init.xavier_uniform_(self.weight)
        self.s, self.m = s, m

    def forward(self, e, y):
        cos = (F.normalize(e, dim=1) @ F.normalize(self.weight, dim=0)).clamp(-1, 1)
        logits = self.s * (cos - self.m * F.one_hot(y, cos.shape[1]))
        return F.cross_entropy(logits, y)


def build(name, channels, classes, size):
    if name == 'reference-cnn':
        m = reference_cnn(channels, classes)
        return m, lambda out, y: F.cross_entropy(out, y), torch.optim.Adam(m.parameters(), 1e-3), [m]
    if name == 'expression-cnn':
        m = expression_cnn(channels, classes, size)
        return m, lambda out, y: F.cross_entropy(out, y), torch.optim.Adam(m.parameters(), 1e-3), [m]
    if name == 'frnas-dpn':
        m, head = FrnasDpn(channels), None
        head = CosFace(128, classes)
        params = list(m.parameters()) + list(head.parameters())
        decay = [p for p in params if p.ndim >= 2]
        rest = [p for p in params if p.ndim < 2]
        opt = torch.optim.SGD([{'params': decay, 'weight_decay': 5e-4}, {'params': rest, 'weight_decay': 0}],
                              lr=0.28, momentum=0.9)
        return m, head, opt, [m, head]
    raise SystemExit(f'unknown model {name}')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', default='reference-cnn')
    p.add_argument('--size', type=int, default=32)
    p.add_argument('--channels', type=int, default=3)
    p.add_argument('--classes', type=int, default=10)
    p.add_argument('--batch', type=int, default=64)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--steps', type=int, default=20)
    p.add_argument('--warmup', type=int, default=5)
    p.add_argument('--device', default='cpu')
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    dev = torch.device(a.device)
    model, loss_of, opt, modules = build(a.model, a.channels, a.classes, a.size)
    for mod in modules:
        mod.to(dev).train()
    x = torch.rand(a.batch, a.channels, a.size, a.size, device=dev)
    y = (torch.arange(a.batch, device=dev) % a.classes)
    sync = (lambda: torch.cuda.synchronize()) if dev.type == 'cuda' else (lambda: None)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_of(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    times = []
    for _ in range(a.steps):
        sync()
        t = time.perf_counter()
        step()
        sync()
        times.append(time.perf_counter() - t)
    times.sort()
    med = times[len(times) // 2]
    model.eval()
    with torch.no_grad():
        for _ in range(3):
            model(x)
        sync()
        t = time.perf_counter()
        n = max(5, a.steps)
        for _ in range(n):
            model(x)
        sync()
        infer = (time.perf_counter() - t) / n
    print(json.dumps({
        'torch': torch.__version__, 'device': a.device, 'threads': torch.get_num_threads(),
        'model': a.model, 'size': a.size, 'channels': a.channels, 'classes': a.classes, 'batch': a.batch,
        'step_ms': round(med * 1000, 2), 'step_ms_min': round(times[0] * 1000, 2),
        'train_images_per_s': round(a.batch / med, 1), 'infer_images_per_s': round(a.batch / infer, 1),
        'gpu': torch.cuda.get_device_name(0) if dev.type == 'cuda' else None,
    }))


if __name__ == '__main__':
    main()
