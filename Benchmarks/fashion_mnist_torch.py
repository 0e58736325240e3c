"""PyTorch side of `nabla bench epoch`: seconds per training epoch of the 784-256-128-10 ReLU MLP on
Fashion-MNIST (60,000 images, batch 64, shuffled, Adam 1e-3, softmax cross-entropy), and the test
accuracy after those epochs. Prints `<seconds per epoch> <test accuracy>`.
Reads the IDX files from --data (default /usr/share/datasets/fashion-mnist)."""
import argparse
import gzip
import os
import time

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)


def read_idx(name):
    path = os.path.join(args.data, name)
    opener = gzip.open if os.path.exists(path + ".gz") else open
    with opener(path + ".gz" if opener is gzip.open else path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


x_train = torch.tensor(read_idx("train-images-idx3-ubyte"), dtype=torch.float32).reshape(-1, 784) / 255
y_train = torch.tensor(read_idx("train-labels-idx1-ubyte"), dtype=torch.long)
x_test = torch.tensor(read_idx("t10k-images-idx3-ubyte"), dtype=torch.float32).reshape(-1, 784) / 255
y_test = torch.tensor(read_idx("t10k-labels-idx1-ubyte"), dtype=torch.long)

model = torch.nn.Sequential(
    torch.nn.Linear(784, 256), torch.nn.ReLU(),
    torch.nn.Linear(256, 128), torch.nn.ReLU(),
    torch.nn.Linear(128, 10))
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
loss_function = torch.nn.CrossEntropyLoss()
loader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x_train, y_train), batch_size=64, shuffle=True)

seconds = []
for epoch in range(args.epochs):
    start = time.perf_counter()
    for x, y in loader:
        optimizer.zero_grad()
        loss_function(model(x), y).backward()
        optimizer.step()
    seconds.append(time.perf_counter() - start)

with torch.no_grad():
    accuracy = (model(x_test).argmax(1) == y_test).float().mean().item()
print(f"{min(seconds):.4f} {accuracy:.4f}")
