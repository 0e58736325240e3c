"""PyTorch side of `nabla bench autograd`: the same two measurements, printed as
`<add µs> <linear µs>` (best of 7 rounds, microseconds per iteration)."""
import argparse
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(7)


def best_time(iterations, body, rounds=7):
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(iterations):
            body()
        best = min(best, (time.perf_counter() - start) * 1e6 / iterations)
    return best


a = torch.randn(10, requires_grad=True)
b = torch.randn(10)
add = best_time(100_000, lambda: a + b)

x = torch.randn(16, 10)
linear_layer = torch.nn.Linear(10, 10)


def linear_step():
    linear_layer(x).sum().backward()
    linear_layer.zero_grad()


linear = best_time(10_000, linear_step)
print(f"{add:.4f} {linear:.4f}")
