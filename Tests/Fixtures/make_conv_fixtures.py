"""A PyTorch convolution for Tests/NablaTests/Modules/Conv2dTests.swift to reproduce.

Run from the repository root with a Python that has torch (the safetensors file is written by the
few lines of `write_safetensors`, so the safetensors package is not needed):
    python Tests/Fixtures/make_conv_fixtures.py

Writes Tests/Fixtures/convolution/conv2d.safetensors with the weight [6, 2, 3, 5] and bias [6] of a
torch.nn.Conv2d(4, 6, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2),
an input [2, 4, 9, 11] and PyTorch's output for it, all float32, plus the settings as metadata. The
file is committed, so the Swift tests never need Python.
"""

import json
import pathlib
import struct

import torch

FIXTURES = pathlib.Path(__file__).resolve().parent / "convolution"

SETTINGS = dict(in_channels=4, out_channels=6, kernel_size=(3, 5), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2)


def write_safetensors(path, tensors, metadata):
    """The safetensors layout: an 8-byte little-endian header length, the JSON header (each tensor's
    dtype, shape and byte range; "__metadata__" with strings), padded with spaces to a multiple of 8,
    then the tensors' little-endian bytes in header order."""
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, tensor in tensors.items():
        assert tensor.dtype == torch.float32
        data = struct.pack(f"<{tensor.numel()}f", *tensor.flatten().tolist())
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))


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
