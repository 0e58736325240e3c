"""PyTorch side of `nabla bench conv`: milliseconds per call of Conv2d(32 -> 64, 5x5, padding
"same") on a batch [64, 32, 14, 14], forward alone (no autograd) and forward + backward (input, weight
and bias gradients, from the sum of the output). Prints `<forward ms> <forward+backward ms>` (best of
7 rounds)."""
import argparse
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)


def best_milliseconds(step, iterations=10, rounds=7):
    step()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(iterations):
            step()
        best = min(best, (time.perf_counter() - start) / iterations)
    return best * 1e3


layer = torch.nn.Conv2d(32, 64, kernel_size=5, padding="same")
x = torch.randn(64, 32, 14, 14)


def forward():
    with torch.no_grad():
        layer(x)


images = x.clone().requires_grad_(True)


def forward_backward():
    layer.zero_grad(set_to_none=True)
    images.grad = None
    layer(images).sum().backward()


print(f"{best_milliseconds(forward):.3f} {best_milliseconds(forward_backward):.3f}")
