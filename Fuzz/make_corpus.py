#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpus (Fuzz/Corpus/<target>/), committed so that neither the fuzz
script nor CI needs Python: small valid files of each format the targets read, from which libFuzzer's
mutations start. Standard library only."""

import gzip
import json
import pathlib
import shutil
import struct
import zlib

ROOT = pathlib.Path(__file__).resolve().parent
CORPUS = ROOT / "Corpus"
FIXTURES = ROOT.parent / "Tests" / "Fixtures"


def safetensors(tensors, metadata):
    """tensors: name -> (dtype, shape, little-endian bytes)."""
    header, blobs, offset = {"__metadata__": metadata} if metadata else {}, [], 0
    for name, (dtype, shape, data) in tensors.items():
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def floats(count, start=0.0):
    return struct.pack(f"<{count}f", *[start + 0.25 * i for i in range(count)])


def checkpoint():
    """A checkpoint of Sequential { Linear(2, 3); Tanh(); Linear(3, 1) } with Adam, as FuzzCheckpoint restores."""
    shapes = {"layers.0.weight": [3, 2], "layers.0.bias": [3], "layers.2.weight": [1, 3], "layers.2.bias": [1]}
    tensors = {}
    for index, (name, shape) in enumerate(shapes.items()):
        count = 1
        for size in shape:
            count *= size
        tensors[name] = ("F32", shape, floats(count))
        for state in ("m", "v"):
            tensors[f"optimizer/{index}.{state}"] = ("F32", shape, floats(count, 1.0))
    metadata = {"nabla.checkpoint": "1", "nabla.epoch": "3", "nabla.optimizer.kind": "Adam",
                "nabla.optimizer.step": "12", "nabla.optimizer.learning_rate": "0.01",
                "nabla.random_state": " ".join(["0123456789abcdef"] * 4)}
    return safetensors(tensors, metadata)


def idx(type_code, shape, payload):
    return bytes([0, 0, type_code, len(shape)]) + b"".join(struct.pack(">I", size) for size in shape) + payload


def png(width, height, colour_type, bit_depth, rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + row for row in rows)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def write(target, name, data):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    (directory / name).write_bytes(data)


def main():
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    for fixture in ("from_nabla.safetensors", "from_pytorch.safetensors"):
        write("FuzzSafeTensors", fixture, (FIXTURES / "safetensors" / fixture).read_bytes())
    write("FuzzSafeTensors", "kinds.safetensors", safetensors({
        "f64": ("F64", [2], struct.pack("<2d", 0.5, -1.5)), "i64": ("I64", [3], struct.pack("<3q", 1, -2, 3)),
        "u8": ("U8", [2, 2], bytes([0, 1, 2, 255])), "scalar": ("F32", [], floats(1)), "empty": ("F32", [0, 4], b"")},
        {"note": "seed"}))

    write("FuzzCheckpoint", "adam.safetensors", checkpoint())

    images = idx(0x08, [2, 3, 3], bytes(range(18)))
    write("FuzzIDX", "images-idx3-ubyte", images)
    write("FuzzIDX", "images-idx3-ubyte.gz", gzip.compress(images, mtime=0))
    write("FuzzIDX", "labels-idx1-ubyte.gz", gzip.compress(idx(0x08, [4], bytes([0, 9, 3, 7])), mtime=0))
    write("FuzzIDX", "floats-idx2.gz", gzip.compress(idx(0x0D, [2, 2], struct.pack(">4f", 1, 2, 3, 4)), mtime=0))
    write("FuzzIDX", "shorts-idx1", idx(0x0B, [3], struct.pack(">3h", -1, 0, 1)))

    for fixture in sorted((FIXTURES / "images").glob("*.png")):
        write("FuzzImage", fixture.name, fixture.read_bytes())
    write("FuzzImage", "grey4x2.png", png(4, 2, 0, 8, [bytes([0, 64, 128, 255]), bytes([255, 128, 64, 0])]))
    write("FuzzImage", "binary.pgm", b"P5\n# seed\n3 2\n255\n" + bytes([0, 50, 100, 150, 200, 250]))
    write("FuzzImage", "wide.pgm", b"P5 2 1 65535\n" + struct.pack(">2H", 1, 65535))
    write("FuzzImage", "plain.pgm", b"P2\n3 2\n15\n0 3 6\n9 12 15\n")
    # A real photograph as JPEG (the smallest example image of nabla style, 7 kB).
    write("FuzzImage", "retina.jpg", (ROOT.parent / "docs" / "style-transfer" / "retina.jpg").read_bytes())


if __name__ == "__main__":
    main()
