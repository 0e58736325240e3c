"""PyTorch's image-to-image operations, for the suites of Tests/NablaTests/Ops (UpsamplingTests,
PaddingTests, TransposedConvolutionTests) and Tests/NablaTests/Modules (InstanceNorm2dTests).

Run from the repository root with a Python that has torch (the safetensors file is written by
safetensors_writer.py, so the safetensors package is not needed):
    python Tests/Fixtures/make_image_fixtures.py

Writes Tests/Fixtures/imageops/imageops.safetensors, all float64. Every case `<kind><i>` stores its
random `input` (odd sizes, batch > 1), PyTorch's `output`, a random `upstream` gradient and the gradients
of sum(output * upstream) with respect to the input (`gradient`) and to any parameters
(`weightGradient`, `biasGradient`); the settings of each kind's cases are JSON in the metadata under
the kind's name:
- `upsample`: F.interpolate, nearest and bilinear (align_corners=False), with scale factors or sizes;
- `pad`: F.pad with mode reflect and replicate (PyTorch orders the amounts left, right, top, bottom);
- `instanceNorm`: torch.nn.InstanceNorm2d with affine weights (`weight`, `bias`) in training mode and, for
  track_running_stats, the running statistics after that step (`runningMean`, `runningVariance`) and the
  evaluation-mode output for a second input (`evaluationInput`, `evaluationOutput`);
- `transposed`: torch.nn.ConvTranspose2d with its `weight` and `bias`.
The file is committed, so the Swift tests never need Python.
"""

import json
import pathlib

import torch
import torch.nn.functional as F

from safetensors_writer import write_safetensors

FIXTURES = pathlib.Path(__file__).resolve().parent / "imageops"

# input shape [N, C, H, W], mode, scale factor (height, width) or None, size (height, width) or None
UPSAMPLE = [
    ([2, 3, 5, 7], "nearest", [2, 2], None),
    ([2, 2, 3, 4], "nearest", [2, 3], None),
    ([2, 2, 5, 4], "nearest", None, [7, 10]),
    ([2, 2, 5, 7], "nearest", None, [3, 4]),
    ([2, 3, 5, 7], "bilinear", [2, 2], None),
    ([2, 2, 3, 4], "bilinear", [3, 2], None),
    ([2, 2, 5, 7], "bilinear", None, [8, 11]),
    ([2, 2, 5, 7], "bilinear", None, [3, 4]),
]

# input shape, mode, (left, right, top, bottom)
PAD = [
    ([2, 3, 5, 6], "reflect", [1, 2, 3, 1]),
    ([2, 2, 4, 3], "reflect", [2, 2, 3, 3]),
    ([2, 3, 5, 6], "replicate", [2, 0, 1, 3]),
    ([3, 4, 5], "reflect", [1, 1, 1, 1]),
    ([3, 4, 5], "replicate", [3, 1, 0, 2]),
]

# input shape, track_running_stats
INSTANCE_NORM = [
    ([2, 3, 5, 7], False),
    ([3, 4, 3, 5], True),
]

# input shape, then ConvTranspose2d's settings
TRANSPOSED = [
    ([2, 4, 5, 4], dict(in_channels=4, out_channels=6, kernel_size=(3, 4), stride=(2, 3), padding=(1, 2), output_padding=(1, 2), groups=2)),
    ([2, 3, 4, 5], dict(in_channels=3, out_channels=5, kernel_size=3, stride=1, padding=1, output_padding=1, dilation=2)),
    ([3, 2, 3, 3], dict(in_channels=2, out_channels=3, kernel_size=(2, 3), stride=2, padding=0, output_padding=0)),
]


def store(tensors, prefix, **values):
    for name, value in values.items():
        tensors[prefix + name] = value.detach().contiguous()


def upsample_cases(tensors):
    cases = []
    for index, (shape, mode, scale, size) in enumerate(UPSAMPLE):
        x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
        extra = {} if mode == "nearest" else {"align_corners": False}
        y = F.interpolate(x, scale_factor=tuple(scale) if scale else None, size=tuple(size) if size else None, mode=mode, **extra)
        upstream = torch.randn(*y.shape, dtype=torch.float64)
        (y * upstream).sum().backward()
        store(tensors, f"upsample{index}.", input=x, output=y, upstream=upstream, gradient=x.grad)
        cases.append(dict(mode=mode, scale=scale, size=size))
    return cases


def pad_cases(tensors):
    cases = []
    for index, (shape, mode, amounts) in enumerate(PAD):
        x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
        y = F.pad(x, amounts, mode=mode)
        upstream = torch.randn(*y.shape, dtype=torch.float64)
        (y * upstream).sum().backward()
        store(tensors, f"pad{index}.", input=x, output=y, upstream=upstream, gradient=x.grad)
        cases.append(dict(mode=mode, left=amounts[0], right=amounts[1], top=amounts[2], bottom=amounts[3]))
    return cases


def instance_norm_cases(tensors):
    cases = []
    for index, (shape, track) in enumerate(INSTANCE_NORM):
        layer = torch.nn.InstanceNorm2d(shape[1], affine=True, track_running_stats=track, dtype=torch.float64)
        with torch.no_grad():
            layer.weight.copy_(torch.rand(shape[1], dtype=torch.float64) + 0.5)
            layer.bias.copy_(torch.randn(shape[1], dtype=torch.float64))
        weight, bias = layer.weight.detach().clone(), layer.bias.detach().clone()
        x = torch.randn(*shape, dtype=torch.float64, requires_grad=True) * 2 + 0.5
        x.retain_grad()
        y = layer(x)
        upstream = torch.randn(*y.shape, dtype=torch.float64)
        (y * upstream).sum().backward()
        prefix = f"instanceNorm{index}."
        store(tensors, prefix, input=x, output=y, upstream=upstream, gradient=x.grad, weight=weight, bias=bias,
              weightGradient=layer.weight.grad, biasGradient=layer.bias.grad)
        if track:
            layer.eval()
            later = torch.randn(*shape, dtype=torch.float64)
            with torch.no_grad():
                store(tensors, prefix, runningMean=layer.running_mean, runningVariance=layer.running_var,
                      evaluationInput=later, evaluationOutput=layer(later))
        cases.append(dict(trackRunningStats=track))
    return cases


def transposed_cases(tensors):
    cases = []
    for index, (shape, settings) in enumerate(TRANSPOSED):
        layer = torch.nn.ConvTranspose2d(**settings, dtype=torch.float64)
        x = torch.randn(*shape, dtype=torch.float64, requires_grad=True)
        y = layer(x)
        upstream = torch.randn(*y.shape, dtype=torch.float64)
        (y * upstream).sum().backward()
        store(tensors, f"transposed{index}.", input=x, output=y, upstream=upstream, gradient=x.grad, weight=layer.weight,
              bias=layer.bias, weightGradient=layer.weight.grad, biasGradient=layer.bias.grad)
        pair = lambda value: list(value) if isinstance(value, tuple) else [value, value]
        cases.append(dict(stride=pair(settings.get("stride", 1)), padding=pair(settings.get("padding", 0)),
                          outputPadding=pair(settings.get("output_padding", 0)), dilation=pair(settings.get("dilation", 1)),
                          groups=settings.get("groups", 1)))
    return cases


def main():
    torch.manual_seed(0)
    tensors = {}
    metadata = {
        "upsample": json.dumps(upsample_cases(tensors)),
        "pad": json.dumps(pad_cases(tensors)),
        "instanceNorm": json.dumps(instance_norm_cases(tensors)),
        "transposed": json.dumps(transposed_cases(tensors)),
        "torch": torch.__version__,
    }
    FIXTURES.mkdir(exist_ok=True)
    write_safetensors(FIXTURES / "imageops.safetensors", tensors, metadata)
    print("wrote", FIXTURES / "imageops.safetensors", len(tensors), "tensors")


if __name__ == "__main__":
    main()
