"""PyTorch's pooling with ceil_mode and count_include_pad, for Tests/NablaTests/Ops/PoolingOptionsTests.swift.

Run from the repository root with a Python that has torch (the safetensors file is written by
safetensors_writer.py, so the safetensors package is not needed):
    python Tests/Fixtures/make_pooling_fixtures.py

Writes Tests/Fixtures/pooling/pooling.safetensors, all float64:
- for each case i of CASES: `case<i>.input` (random, odd sizes), `case<i>.output` (PyTorch's max_pool2d or
  avg_pool2d) and `case<i>.gradient` (the gradient of sum(output * case<i>.upstream) with respect to the
  input, `case<i>.upstream` random too); the settings are in the metadata as JSON under `cases`;
- in the metadata under `sizes`: for many (size, kernel, stride, padding), the output length PyTorch's
  max_pool1d gives with ceil_mode false and true, measured by running it, not by a formula.
The file is committed, so the Swift tests never need Python.
"""

import json
import pathlib

import torch
import torch.nn.functional as F

from safetensors_writer import write_safetensors

FIXTURES = pathlib.Path(__file__).resolve().parent / "pooling"

# kind, input shape [N, C, H, W], kernel, stride, padding (height, width), ceil_mode, count_include_pad
CASES = [
    ("max", [2, 3, 8, 9], [3, 3], [2, 2], [1, 1], True, True),
    ("max", [1, 2, 5, 7], [2, 2], [2, 2], [1, 1], True, True),
    ("max", [2, 2, 9, 10], [3, 2], [2, 3], [1, 0], True, True),
    ("average", [2, 3, 8, 9], [3, 3], [2, 2], [1, 1], True, True),
    ("average", [2, 3, 8, 9], [3, 3], [2, 2], [1, 1], True, False),
    ("average", [2, 3, 7, 11], [3, 3], [3, 3], [1, 1], False, False),
    ("average", [1, 2, 9, 10], [3, 2], [2, 3], [1, 0], True, False),
    ("average", [1, 2, 9, 10], [3, 2], [2, 3], [1, 0], True, True),
    ("average", [2, 2, 6, 5], [2, 2], [1, 1], [1, 1], False, False),
]


def output_sizes():
    """[size, kernel, stride, padding, floor length, ceil length] for every combination below that PyTorch accepts."""
    rows = []
    for size in range(1, 14):
        for kernel in range(1, 6):
            for stride in range(1, 5):
                for padding in range(0, kernel // 2 + 1):
                    if size + 2 * padding < kernel:
                        continue
                    x = torch.zeros(1, 1, size)
                    lengths = [F.max_pool1d(x, kernel, stride, padding, ceil_mode=ceil).shape[-1] for ceil in (False, True)]
                    rows.append([size, kernel, stride, padding] + lengths)
    return rows


def main():
    torch.manual_seed(0)
    tensors, cases = {}, []
    for index, (kind, shape, kernel, stride, padding, ceil_mode, count_include_pad) in enumerate(CASES):
        x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
        if kind == "max":
            y = F.max_pool2d(x, kernel, stride, padding, ceil_mode=ceil_mode)
        else:
            y = F.avg_pool2d(x, kernel, stride, padding, ceil_mode=ceil_mode, count_include_pad=count_include_pad)
        upstream = torch.randn(*y.shape, dtype=torch.float64)
        (y * upstream).sum().backward()
        prefix = f"case{index}."
        tensors[prefix + "input"] = x.detach().contiguous()
        tensors[prefix + "output"] = y.detach().contiguous()
        tensors[prefix + "upstream"] = upstream.contiguous()
        tensors[prefix + "gradient"] = x.grad.contiguous()
        cases.append(dict(kind=kind, kernel=kernel, stride=stride, padding=padding, ceilMode=ceil_mode, countIncludePad=count_include_pad))
    FIXTURES.mkdir(exist_ok=True)
    metadata = {"cases": json.dumps(cases), "sizes": json.dumps(output_sizes()), "torch": torch.__version__}
    write_safetensors(FIXTURES / "pooling.safetensors", tensors, metadata)
    print("wrote", FIXTURES / "pooling.safetensors", len(cases), "cases")


if __name__ == "__main__":
    main()
