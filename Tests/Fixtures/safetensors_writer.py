"""The few lines of the safetensors format the fixture scripts need, so that they do not need the
safetensors package: an 8-byte little-endian header length, the JSON header (each tensor's dtype,
shape and byte range; "__metadata__" with strings), padded with spaces to a multiple of 8, then the
tensors' little-endian bytes in header order. Float32 and float64 tensors only."""

import json
import struct

import torch

FORMATS = {torch.float32: ("F32", "f"), torch.float64: ("F64", "d")}


def write_safetensors(path, tensors, metadata):
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, tensor in tensors.items():
        dtype, code = FORMATS[tensor.dtype]
        data = struct.pack(f"<{tensor.numel()}{code}", *tensor.flatten().tolist())
        header[name] = {"dtype": dtype, "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    path.write_bytes(struct.pack("<Q", len(text)) + text + b"".join(blobs))
