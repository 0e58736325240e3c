"""PyTorch side of `nabla bench imageops`: milliseconds per call of the image-to-image layers on a batch
[8, 32, 64, 64] (nearest and bilinear upsampling by 2, ReflectionPad2d(1), InstanceNorm2d(32, affine),
ConvTranspose2d(32 -> 16, 3, stride 2, padding 1, output_padding 1)), forward alone (no autograd) and
forward + backward (from the sum of the output). Prints `<forward ms> <forward+backward ms>` per layer
(best of 7 rounds, on the wall clock or, with `--clock processor`, on the process's processor time)."""
import argparse
import time

import torch

parser = argparse.ArgumentParser()
parser.add_argument("--threads", type=int, default=2)
parser.add_argument("--clock", choices=["wall", "processor"], default="wall",
                    help="wall: elapsed time; processor: processor time of all threads")
args = parser.parse_args()
torch.set_num_threads(args.threads)
torch.manual_seed(1)


now = time.perf_counter if args.clock == "wall" else time.process_time


def best_milliseconds(step, iterations=10, rounds=7):
    step()
    best = float("inf")
    for _ in range(rounds):
        start = now()
        for _ in range(iterations):
            step()
        best = min(best, (now() - start) / iterations)
    return best * 1e3


layers = [
    torch.nn.Upsample(scale_factor=2, mode="nearest"),
    torch.nn.Upsample(scale_factor=2, mode="bilinear", align_corners=False),
    torch.nn.ReflectionPad2d(1),
    torch.nn.InstanceNorm2d(32, affine=True),
    torch.nn.ConvTranspose2d(32, 16, kernel_size=3, stride=2, padding=1, output_padding=1),
]
x = torch.randn(8, 32, 64, 64)
images = x.clone().requires_grad_(True)
figures = []
for layer in layers:
    def forward():
        with torch.no_grad():
            layer(x)

    def forward_backward():
        layer.zero_grad(set_to_none=True)
        images.grad = None
        layer(images).sum().backward()

    figures += [best_milliseconds(forward), best_milliseconds(forward_backward)]
print(" ".join(f"{value:.3f}" for value in figures))
