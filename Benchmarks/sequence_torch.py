"""PyTorch side of `nabla bench sequence`: the same graphs, printed on one line as
`<slices ms x3> <unstack ms x3> <lstm forward ms> <lstm backward ms> <lstm peak MiB>`
(best of 5; T = 50, 100, 200 for the slices; the LSTM at T = 100, N = 32, D = H = 256)."""
import argparse
import ctypes
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(3)


def field(name):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return float(line.split()[1])
    return float("nan")


def reset_peak():
    ctypes.CDLL("libc.so.6").malloc_trim(0)
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")
    return field("VmRSS")


def backward_ms(build):
    best = float("inf")
    for _ in range(5):
        loss = build()
        start = time.perf_counter()
        loss.backward()
        best = min(best, (time.perf_counter() - start) * 1e3)
    return best


slices, unstacks = [], []
for length in (50, 100, 200):
    x = torch.randn(32, length, 256, requires_grad=True)
    slices.append(backward_ms(lambda: sum(x[:, t].sum() for t in range(length))))
    unstacks.append(backward_ms(lambda: sum(step.sum() for step in x.unbind(1))))


def composite_lstm(steps=100, batch=32, size=256):
    x = torch.randn(batch, steps, size)
    input_weight = (torch.randn(size, 4 * size) * 0.06).requires_grad_()
    recurrent_weight = (torch.randn(size, 4 * size) * 0.06).requires_grad_()
    bias = torch.zeros(4 * size, requires_grad=True)
    def step():
        start = time.perf_counter()
        projected = x @ input_weight + bias
        h = torch.zeros(batch, size)
        c = torch.zeros(batch, size)
        outputs = []
        for t in range(steps):
            i, f, g, o = (projected[:, t] + h @ recurrent_weight).chunk(4, dim=1)
            c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
            h = torch.sigmoid(o) * torch.tanh(c)
            outputs.append(h)
        loss = torch.stack(outputs, dim=1).sum()
        middle = time.perf_counter()
        loss.backward()
        end = time.perf_counter()
        for parameter in (input_weight, recurrent_weight, bias):
            parameter.grad = None
        return (middle - start) * 1e3, (end - middle) * 1e3

    forward, backward = float("inf"), float("inf")
    for _ in range(5):
        f, b = step()
        forward, backward = min(forward, f), min(backward, b)
    # The memory in a round of its own, as on Nabla's side.
    baseline = reset_peak()
    step()
    return [forward, backward, (field("VmHWM") - baseline) / 1024]


lstm = composite_lstm()
print(" ".join(f"{value:.4f}" for value in slices + unstacks + lstm))
