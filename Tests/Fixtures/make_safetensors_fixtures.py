"""Safetensors files shared between PyTorch and Nabla, for Tests/NablaTests/Serialization.

Run from the repository root with a Python that has torch and safetensors:
    python Tests/Fixtures/make_safetensors_fixtures.py

(a) Writes Tests/Fixtures/safetensors/from_pytorch.safetensors with safetensors.torch.save_file:
    tensors of many types (float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8,
    bool), a scalar, an empty tensor and metadata; and from_pytorch.json, listing each tensor's stored
    type, shape and exact values (floats as the shortest repr that reads back exactly, integers as
    integers), for SafeTensorsInteropTests.readsWhatPyTorchWrote. (Reruns may order the metadata
    differently: the reference writer keeps it in a hash map.)

(b) Checks Tests/Fixtures/safetensors/from_nabla.safetensors, written by Nabla (regenerate it with
        NABLA_REGENERATE_FIXTURES=1 swift test --filter SafeTensorsInteropTests
    ): safetensors.torch.load_file must give the values below, which are the ones
    SafeTensorsInteropTests.nablaTensors writes; and the reference writer, given the same tensors and
    metadata, must lay out the same bytes (the reference orders metadata keys arbitrarily, so the
    headers are compared as parsed JSON plus the order of the tensor entries).

Prints OK when (b) passes. Both outputs are committed, so the Swift tests never need Python.
"""

import json
import math
import pathlib
import struct

import torch
from safetensors import safe_open
from safetensors.torch import load_file, save, save_file

FIXTURES = pathlib.Path(__file__).resolve().parent / "safetensors"

STORED_NAMES = {
    torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
    torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8", torch.uint8: "U8",
    torch.bool: "BOOL",
}


def make_from_pytorch():
    tensors = {
        "linear.weight": torch.tensor([[0.1, -0.2, 0.3], [1.5, -2.5, 1e-8]], dtype=torch.float32),
        "running_mean": torch.tensor([0.1, -1e300, math.pi, 2.5e-310], dtype=torch.float64),
        "half": torch.tensor([[1.0, -0.333], [65504.0, 6e-8]], dtype=torch.float16),
        "bfloat": torch.tensor([1.0, -3.14159, 1e30], dtype=torch.bfloat16),
        "num_batches_tracked": torch.tensor([-3, 2**40, 2**53 + 1], dtype=torch.int64),
        "labels32": torch.tensor([-(2**31), 2**31 - 1, 7], dtype=torch.int32),
        "shorts": torch.tensor([[-32768], [32767]], dtype=torch.int16),
        "bytes": torch.tensor([-128, 0, 127], dtype=torch.int8),
        "pixels": torch.tensor([0, 128, 255], dtype=torch.uint8),
        "mask": torch.tensor([True, False, True]),
        "temperature": torch.tensor(2.5, dtype=torch.float32),
        "nothing": torch.zeros((0, 3), dtype=torch.float32),
    }
    metadata = {"format": "pt", "source": "make_safetensors_fixtures.py"}
    save_file(tensors, FIXTURES / "from_pytorch.safetensors", metadata=metadata)

    def exact(t):
        if t.dtype.is_floating_point:
            return [float(x) for x in t.double().flatten().tolist()]   # float64 holds every value exactly
        return [int(x) for x in t.flatten().tolist()]

    description = {
        "metadata": metadata,
        "tensors": {
            name: {"dtype": STORED_NAMES[t.dtype], "shape": list(t.shape), "values": exact(t)}
            for name, t in sorted(tensors.items())
        },
    }
    text = json.dumps(description, indent=1, allow_nan=False) + "\n"
    (FIXTURES / "from_pytorch.json").write_text(text)


# The values SafeTensorsInteropTests.nablaTensors writes (Swift converts the same decimal literals to
# float64 first, then float32, as torch.tensor does here).
NABLA_TENSORS = {
    "encoder.weight": torch.tensor([[0.5, -1.25, 3.0], [0.1, -0.0, 65504.0]], dtype=torch.float32),
    "encoder.bias": torch.tensor([0.25, 1e-8, -7.0], dtype=torch.float32),
    "decoder.weight": torch.tensor([[1.0 / 3, -2.0], [1e-300, 2.5e-310], [123456789.125, -0.1]], dtype=torch.float64),
    "scale": torch.tensor(math.pi, dtype=torch.float64),
    "empty": torch.zeros((0, 3), dtype=torch.float32),
    "übung/weight 2": torch.tensor([42.0], dtype=torch.float32),
}
NABLA_METADATA = {"format": "pt", "creator": "Nabla", "note": "quote \" backslash \\ newline \n tab \t é ∇"}


def split(data):
    """Header (parsed), tensor names in header order, and data section of safetensors bytes."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    return size, header, [name for name in header if name != "__metadata__"], data[8 + size :]


def check_from_nabla():
    path = FIXTURES / "from_nabla.safetensors"
    loaded = load_file(path)
    assert set(loaded) == set(NABLA_TENSORS), sorted(loaded)
    for name, expected in NABLA_TENSORS.items():
        got = loaded[name]
        assert got.dtype == expected.dtype and got.shape == expected.shape, (name, got.dtype, got.shape)
        assert torch.equal(got, expected), (name, got, expected)
        # bit-identical, -0.0 included
        assert got.flatten().view(torch.uint8).tolist() == expected.flatten().view(torch.uint8).tolist(), name
    with safe_open(path, framework="pt") as f:
        assert f.metadata() == NABLA_METADATA, f.metadata()

    ours = path.read_bytes()
    reference = save(NABLA_TENSORS, metadata=NABLA_METADATA)
    assert split(ours)[0] % 8 == 0
    for part, a, b in zip(["header size", "header", "tensor order", "data"], split(ours), split(reference)):
        assert a == b, f"{part} differs from the reference writer:\n{a}\n{b}"


if __name__ == "__main__":
    FIXTURES.mkdir(exist_ok=True)
    make_from_pytorch()
    check_from_nabla()
    print("OK")
