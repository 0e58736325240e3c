"""PyTorch side of `nabla bench cnn`: samples/s of one training step (forward, backward, Adam step)
at batch 64 of LeNet-5 and of the TensorFlow tutorial's CNN, built as `nabla train --model lenet|cnn`
builds them. Prints `<lenet samples/s> <cnn samples/s>` (best of 3 rounds of 5 steps)."""
import argparse
import time

import torch
from torch import nn

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)

lenet = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10))
tutorial = nn.Sequential(
    nn.Conv2d(1, 32, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(3136, 1024), nn.ReLU(), nn.Dropout(0.4), nn.Linear(1024, 10))


def samples_per_second(model, batch=64, iterations=5, rounds=3):
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(batch, 1, 28, 28)
    labels = torch.arange(batch) % 10
    loss_function = nn.CrossEntropyLoss()
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(iterations):
            optimizer.zero_grad()
            loss_function(model(x), labels).backward()
            optimizer.step()
        best = min(best, (time.perf_counter() - start) / iterations)
    return batch / best


print(f"{samples_per_second(lenet):.1f} {samples_per_second(tutorial):.1f}")
