"""A PyTorch convolution for Tests/NablaTests/Modules/Conv2dTests.swift to reproduce.

Run from the repository root with a Python that has torch (the safetensors file is written by the
few lines of safetensors_writer.py, so the safetensors package is not needed):
    python Tests/Fixtures/make_conv_fixtures.py

Writes Tests/Fixtures/convolution/conv2d.safetensors with the weight [6, 2, 3, 5] and bias [6] of a
torch.nn.Conv2d(4, 6, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2),
an input [2, 4, 9, 11] and PyTorch's output for it, all float32, plus the settings as metadata. The
file is committed, so the Swift tests never need Python.
"""

import pathlib

import torch

from safetensors_writer import write_safetensors

FIXTURES = pathlib.Path(__file__).resolve().parent / "convolution"

SETTINGS = dict(in_channels=4, out_channels=6, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)


def main():
    torch.manual_seed(0)
    layer = torch.nn.Conv2d(**SETTINGS)
    images = torch.randn(2, 4, 9, 11)
    with torch.no_grad():
        output = layer(images)
    FIXTURES.mkdir(exist_ok=True)
    tensors = {
        "weight": layer.weight.detach().contiguous(),
        "bias": layer.bias.detach().contiguous(),
        "input": images.contiguous(),
        "output": output.contiguous(),
    }
    metadata = {key: str(value) for key, value in SETTINGS.items()}
    metadata["torch"] = torch.__version__
    write_safetensors(FIXTURES / "conv2d.safetensors", tensors, metadata)
    print("wrote", FIXTURES / "conv2d.safetensors", "output", tuple(output.shape))


if __name__ == "__main__":
    main()
