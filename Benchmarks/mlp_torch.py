"""PyTorch side of `nabla bench mlp`: samples/s of one training step (forward, backward, optimiser
step) of a 784-256-128-10 ReLU MLP on a batch of 64, with Adam and with SGD + momentum.
Prints `<adam samples/s> <sgd samples/s>` (best of 7 rounds)."""
import argparse
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)


def samples_per_second(make_optimizer, batch=64, iterations=200, rounds=7):
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 256), torch.nn.ReLU(),
        torch.nn.Linear(256, 128), torch.nn.ReLU(),
        torch.nn.Linear(128, 10))
    optimizer = make_optimizer(model.parameters())
    x = torch.randn(batch, 784)
    labels = torch.arange(batch) % 10
    loss_function = torch.nn.CrossEntropyLoss()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(iterations):
            optimizer.zero_grad()
            loss_function(model(x), labels).backward()
            optimizer.step()
        best = min(best, (time.perf_counter() - start) / iterations)
    return batch / best


adam = samples_per_second(lambda p: torch.optim.Adam(p, lr=1e-3))
sgd = samples_per_second(lambda p: torch.optim.SGD(p, lr=0.01, momentum=0.9))
print(f"{adam:.1f} {sgd:.1f}")
