#!/usr/bin/env python3
"""Writes the tiny PNG files that ImageFileTests read, using only Python's standard library.

The PNGs are assembled chunk by chunk (signature, IHDR, optional PLTE/tRNS, IDAT, IEND) with zlib
and struct, so the reader is checked against the format itself rather than against another PNG
library. The pixel values here are the ones the tests expect; change both together.

Run from anywhere:  python3 Tests/Fixtures/images/make_png_fixtures.py
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))

# PNG colour types.
GREY, RGB, PALETTE, GREY_ALPHA, RGBA = 0, 2, 3, 4, 6
CHANNELS = {GREY: 1, RGB: 3, PALETTE: 1, GREY_ALPHA: 2, RGBA: 4}

# Adam7 interlacing: (first column, first row, column step, row step) of each of the seven passes.
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    """One chunk: length, type, data, and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def pack_row(row, bit_depth, channels):
    """The bytes of one row of samples (row is a list of pixels, each a tuple of samples)."""
    samples = [s for pixel in row for s in pixel]
    if bit_depth == 16:
        return b"".join(struct.pack(">H", s) for s in samples)
    if bit_depth == 8:
        return bytes(samples)
    # 1, 2 or 4 bits: packed from the most significant bit, the last byte padded with zeros.
    per_byte = 8 // bit_depth
    out = bytearray()
    for i in range(0, len(samples), per_byte):
        byte = 0
        group = samples[i:i + per_byte]
        for j, s in enumerate(group):
            byte |= s << (8 - bit_depth * (j + 1))
        out.append(byte)
    return bytes(out)


def raw_data(pixels, bit_depth, channels, interlaced):
    """The filtered scanlines (filter type 0, None, before each row), pass by pass if interlaced."""
    height, width = len(pixels), len(pixels[0])
    passes = ADAM7 if interlaced else [(0, 0, 1, 1)]
    out = bytearray()
    for x0, y0, dx, dy in passes:
        rows = [[pixels[y][x] for x in range(x0, width, dx)] for y in range(y0, height, dy)]
        for row in rows:
            if row:   # a pass with no columns has no scanlines at all
                out += b"\x00" + pack_row(row, bit_depth, channels)
    return bytes(out)


def png(pixels, colour_type, bit_depth=8, palette=None, transparency=None, interlaced=False, level=9):
    """A complete PNG file. pixels: rows of tuples (one sample per channel; palette indices for
    colour type 3)."""
    height, width = len(pixels), len(pixels[0])
    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour_type, 0, 0, 1 if interlaced else 0)
    chunks = chunk(b"IHDR", header)
    if palette is not None:
        chunks += chunk(b"PLTE", b"".join(bytes(entry) for entry in palette))
    if transparency is not None:
        chunks += chunk(b"tRNS", bytes(transparency))
    data = zlib.compress(raw_data(pixels, bit_depth, CHANNELS[colour_type], interlaced), level)
    chunks += chunk(b"IDAT", data) + chunk(b"IEND", b"")
    return b"\x89PNG\r\n\x1a\n" + chunks


FIXTURES = {
    # 3 × 2 grey, 8 bits.
    "grey8.png": png([[(0,), (128,), (255,)], [(255,), (64,), (1,)]], GREY),
    # 2 × 2 grey, 16 bits: 0, 0x8080, 65535, 2570 (= 10 · 257).
    "grey16.png": png([[(0,), (0x8080,)], [(65535,), (2570,)]], GREY, bit_depth=16),
    # 4 × 1 colour: red, green, blue, and a mixture.
    "rgb8.png": png([[(255, 0, 0), (0, 255, 0), (0, 0, 255), (200, 100, 50)]], RGB),
    # 2 × 2 colour with alpha: half-transparent white, opaque colour, transparent black and white.
    "rgba8.png": png([[(255, 255, 255, 128), (200, 100, 50, 255)], [(0, 0, 0, 0), (255, 255, 255, 0)]], RGBA),
    # 2 × 1 grey with alpha, 16 bits: opaque mid grey and fully transparent white.
    "greyalpha16.png": png([[(0x8080, 65535), (65535, 0)]], GREY_ALPHA, bit_depth=16),
    # 5 × 1, 2-bit palette of four entries, the last half transparent (tRNS), indices 0 1 2 3 0.
    "palette2.png": png([[(0,), (1,), (2,), (3,), (0,)]], PALETTE, bit_depth=2,
                        palette=[(0, 0, 0), (255, 255, 255), (255, 0, 0), (0, 0, 255)],
                        transparency=[255, 255, 255, 128]),
    # 9 × 9 grey, Adam7-interlaced: pixel (r, c) = 10r + c (every pass is non-empty at this size).
    "interlaced9.png": png([[(10 * r + c,) for c in range(9)] for r in range(9)], GREY, interlaced=True),
}

if __name__ == "__main__":
    for name, data in FIXTURES.items():
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")
