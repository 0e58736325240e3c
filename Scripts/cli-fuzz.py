#!/usr/bin/env python3
"""CLI-level mutation test of the `nabla` command (not the test suite's mutation test, which is
Scripts/mutation-test.py): mutated model files, checkpoints, IDX/gzip files, PNG/PGM images and bad
command lines against `nabla evaluate`, `nabla predict` and `nabla train --resume`.

Each case runs under a 1 GB address-space limit (`ulimit -v`) and a timeout. A case fails when the
command is killed by a signal (a trap, an abort, a crash), runs past the timeout, exits with a status
other than 0, 1 or 2, or prints a Swift runtime error or a backtrace. Memory overruns show as
signals: an allocation beyond the limit fails and Swift stops the process.

    Scripts/cli-fuzz.py --nabla .build/debug/nabla --cases 300 --seed 1

Standard library only. Exits 1 listing the failed cases (each with its command line and the mutated
file kept under the work directory), 0 when every case held.
"""

import argparse
import gzip
import json
import os
import pathlib
import random
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "Sources" / "Nabla" / "Resources" / "fashion-mnist-sample"
MEMORY_LIMIT = 1 << 30
ALLOWED_STATUSES = {0, 1, 2}
CRASH_MARKERS = ("Fatal error", "Stack dump", "Current stack trace", "Illegal instruction", "Segmentation fault")

INTERESTING_32 = [0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 28, 784, 60000]
INTERESTING_64 = [0, 1, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF, 1 << 32, 1 << 53]
HUGE_NUMBERS = ["99999999999", "9223372036854775807", "9223372036854775808", "-1", "0", "1e308", "nan", "-0"]

BAD_COMMAND_LINES = [
    ["train", "--epochs", "-1"], ["train", "--epochs", "0"], ["train", "--epochs", "99999999999999999999"],
    ["train", "--lr", "-1"], ["train", "--lr", "nan"], ["train", "--lr", "inf"], ["train", "--lr", "0"],
    ["train", "--batch-size", "9223372036854775807"], ["train", "--batch-size", "0"], ["train", "--batch-size", "-5"],
    ["train", "--model", "mlp:"], ["train", "--model", "mlp:256,,128"], ["train", "--model", "mlp:99999999999"],
    ["train", "--model", "mlp:-3"], ["train", "--model", "cnn:x"], ["train", "--model", ""],
    ["train", "--limit", "-1"], ["train", "--limit", "9223372036854775807"], ["train", "--seed", "-1"],
    ["train", "--validation-split", "-1"], ["train", "--validation-split", "9223372036854775807"],
    ["train", "--dataset", "cifar"], ["train", "--optimizer", "lbfgs"], ["train", "--schedule", "never"],
    ["train", "--output", "/dev/null"], ["train", "--output", "/proc/version/x"], ["train", "--data-dir", "/dev/zero"],
    ["train", "--resume", "--output", "/nonexistent/dir"], ["train", "--bogus"], ["train", "--epochs"],
    ["evaluate"], ["evaluate", "/dev/zero"], ["evaluate", "/"], ["evaluate", "/nonexistent.safetensors"],
    ["predict"], ["predict", "/dev/null"], ["predict", "{model}", "/dev/zero"], ["predict", "{model}", "/"],
    ["predict", "{model}", "{idx}:-1"], ["predict", "{model}", "{idx}:9223372036854775807"], ["predict", "{model}", "{idx}:"],
    ["predict", "{model}", "{idx}:x"], ["predict", "{model}", ":0"], ["predict", "{model}", "{image}", "--top", "0"],
    ["predict", "{model}", "{image}", "--top", "-1"], ["predict", "{model}", "{image}", "--top", "9223372036854775807"],
    ["evaluate", "{model}", "--data-dir", "/dev/zero"], ["evaluate", "{model}", "--data-dir", "/nonexistent"],
]


def limit_resources():
    """In the child: 1 GB of address space, no core files, a process group of its own."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setpgrp()


def run(nabla, arguments, timeout):
    """Runs one command; returns (problem or None, status, seconds, last lines of output)."""
    start = time.monotonic()
    process = subprocess.Popen([str(nabla)] + arguments, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               preexec_fn=limit_resources)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        return f"no answer within {timeout} s", None, time.monotonic() - start, ""
    seconds = time.monotonic() - start
    text = output.decode("utf-8", "replace")
    tail = "\n".join(text.strip().splitlines()[-3:])
    if process.returncode < 0:
        return f"killed by signal {signal.Signals(-process.returncode).name}", process.returncode, seconds, tail
    if process.returncode not in ALLOWED_STATUSES:
        return f"exit status {process.returncode}", process.returncode, seconds, tail
    marker = next((marker for marker in CRASH_MARKERS if marker in text), None)
    if marker:
        return f"printed '{marker}'", process.returncode, seconds, tail
    return None, process.returncode, seconds, tail


# MARK: Mutations


def mutate_bytes(data, rng):
    """One to three random edits: bit flips, interesting integers, truncation, insertion, duplication."""
    data = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(7)
        if not data:
            data += bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
            continue
        position = rng.randrange(len(data))
        if kind == 0:
            for _ in range(rng.randint(1, 8)):
                index = rng.randrange(len(data))
                data[index] ^= 1 << rng.randrange(8)
        elif kind == 1:
            data[position] = rng.choice([0, 0x7F, 0x80, 0xFF])
        elif kind == 2 and position + 4 <= len(data):
            value = rng.choice(INTERESTING_32)
            data[position:position + 4] = struct.pack(rng.choice([">I", "<I"]), value)
        elif kind == 3 and position + 8 <= len(data):
            value = rng.choice(INTERESTING_64)
            data[position:position + 8] = struct.pack(rng.choice([">Q", "<Q"]), value)
        elif kind == 4:
            del data[rng.randrange(len(data) + 1):]
        elif kind == 5:
            data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 64)))
        else:
            end = min(len(data), position + rng.randint(1, 256))
            data[position:position] = data[position:end] * rng.randint(1, 4)
    return bytes(data)


def split_safetensors(data):
    length = struct.unpack("<Q", data[:8])[0]
    return json.loads(data[8:8 + length]), data[8 + length:]


def join_safetensors(header, payload):
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + payload


def mutate_safetensors(data, rng):
    """Half the time a structural edit of the JSON header (a metadata value, a shape, a dtype, an
    offset), so that the file still parses and the values reach the code that trusts them."""
    if rng.random() < 0.5:
        return mutate_bytes(data, rng)
    header, payload = split_safetensors(data)
    metadata = header.setdefault("__metadata__", {})
    names = [name for name in header if name != "__metadata__"]
    kind = rng.randrange(6)
    if kind == 0 and metadata:
        key = rng.choice(sorted(metadata))
        metadata[key] = rng.choice(HUGE_NUMBERS + ["", "|", "a|b", "mlp:99999999,99999999", "mlp:", "mlp:1,,2",
                                                   "[]", "[{}]", "{", "\u00ff" * 3, metadata[key] * 50])
    elif kind == 1 and metadata:
        del metadata[rng.choice(sorted(metadata))]
    elif kind == 2 and names:
        name = rng.choice(names)
        shape = header[name]["shape"]
        header[name]["shape"] = rng.choice([[], [0], shape[::-1], shape + [1], [2**31] * len(shape), [-1] + shape[1:]])
    elif kind == 3 and names:
        header[rng.choice(names)]["dtype"] = rng.choice(["F64", "I64", "U8", "F16", "BOOL", "X"])
    elif kind == 4 and names:
        offsets = header[rng.choice(names)]["data_offsets"]
        offsets[rng.randrange(2)] = rng.choice([0, 1, offsets[1] + 4, len(payload) + 8, 2**63 - 1])
    elif names:
        name = rng.choice(names)
        header[name.replace("layers.", "layers.9", 1) if rng.random() < 0.5 else name + "x"] = header.pop(name)
    return join_safetensors(header, payload)


def mutate_gzip(data, rng):
    """Mutates the compressed bytes, or the inflated IDX bytes and compresses them again (so the edit
    reaches the IDX parser)."""
    if rng.random() < 0.4:
        return mutate_bytes(data, rng)
    inflated = bytearray(gzip.decompress(data))
    if rng.random() < 0.5:
        # An edit of the header: the magic, the element type, the rank or a dimension.
        index = rng.randrange(min(len(inflated), 16))
        inflated[index:index + 1] = bytes([rng.choice([0, 1, 3, 8, 0x0D, 0x0E, 0x7F, 0xFF])])
        if rng.random() < 0.5:
            position = 4 + 4 * rng.randrange(3)
            inflated[position:position + 4] = struct.pack(">I", rng.choice(INTERESTING_32))
        mutated = bytes(inflated)
    else:
        mutated = mutate_bytes(bytes(inflated), rng)
    return gzip.compress(mutated, compresslevel=rng.choice([1, 6, 9]), mtime=0)


def pgm(rng):
    return b"P5\n28 28\n255\n" + bytes(rng.randrange(256) for _ in range(28 * 28))


def mutate_image(rng, images):
    base = rng.choice(images)
    data = base.read_bytes()
    if base.suffix == ".pgm" and rng.random() < 0.3:
        # An edit of the text header: width, height or maxval.
        fields = data.split(b"\n", 3)
        fields[rng.choice([1, 2])] = rng.choice(HUGE_NUMBERS + ["28 99999999", "65536", "28"]).encode()
        return b"\n".join(fields)
    return mutate_bytes(data, rng)


# MARK: Fixtures


def small_idx(path, count):
    """The first `count` entries of a gzip IDX file, with the count in its header rewritten."""
    data = gzip.decompress(path.read_bytes())
    rank = data[3]
    shape = list(struct.unpack(f">{rank}I", data[4:4 + 4 * rank]))
    entry = 1
    for size in shape[1:]:
        entry *= size
    header = data[:4] + struct.pack(f">{rank}I", count, *shape[1:])
    body_start = 4 + 4 * rank
    return gzip.compress(header + data[body_start:body_start + count * entry], mtime=0)


def prepare(work, nabla, rng):
    """A small data set (300 training, 100 test images), a model and checkpoint trained on it for one
    epoch, and a few images."""
    data = work / "data"
    data.mkdir()
    for name, count in [("train-images-idx3-ubyte.gz", 300), ("train-labels-idx1-ubyte.gz", 300),
                        ("t10k-images-idx3-ubyte.gz", 100), ("t10k-labels-idx1-ubyte.gz", 100)]:
        (data / name).write_bytes(small_idx(SAMPLE / name, count))
    base = work / "base"
    problem, status, _, tail = run(nabla, ["train", "--epochs", "1", "--limit", "300", "--validation-split", "100",
                                           "--model", "mlp:16", "--data-dir", str(data), "--output", str(base)], 300)
    if problem or status != 0:
        sys.exit(f"cli-fuzz: training the base model failed ({problem or f'exit status {status}'}):\n{tail}")
    images = work / "images"
    images.mkdir()
    (images / "shirt.pgm").write_bytes(pgm(rng))
    for png in sorted((ROOT / "Tests" / "Fixtures" / "images").glob("*.png")):
        shutil.copy(png, images / png.name)
    return data, base, sorted(images.iterdir())


# MARK: Cases


def make_case(index, rng, work, data, base, images):
    """One case: the arguments to run, and a short description."""
    case = work / "cases" / str(index)
    case.mkdir(parents=True)
    model = base / "model.safetensors"
    kind = rng.choice(["model-evaluate", "model-predict", "checkpoint", "idx-evaluate", "idx-predict", "image",
                       "command-line"])
    if kind in ("model-evaluate", "model-predict"):
        mutated = case / "model.safetensors"
        mutated.write_bytes(mutate_safetensors(model.read_bytes(), rng))
        if kind == "model-evaluate":
            return ["evaluate", str(mutated), "--data-dir", str(data)], "mutated model, evaluate"
        return ["predict", str(mutated), str(images[0]), f"{data / 't10k-images-idx3-ubyte.gz'}:3"], "mutated model, predict"
    if kind == "checkpoint":
        output = case / "run"
        shutil.copytree(base, output)
        checkpoint = output / "checkpoint.safetensors"
        checkpoint.write_bytes(mutate_safetensors(checkpoint.read_bytes(), rng))
        return ["train", "--resume", "--epochs", "2", "--limit", "300", "--validation-split", "100", "--model", "mlp:16",
                "--data-dir", str(data), "--output", str(output)], "mutated checkpoint, train --resume"
    if kind in ("idx-evaluate", "idx-predict"):
        copy = case / "data"
        shutil.copytree(data, copy)
        name = rng.choice(["t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"]) if kind == "idx-evaluate" \
            else "t10k-images-idx3-ubyte.gz"
        target = copy / name
        target.write_bytes(mutate_gzip(target.read_bytes(), rng) if rng.random() < 0.8
                           else mutate_bytes(gzip.decompress(target.read_bytes()), rng))
        if kind == "idx-evaluate":
            return ["evaluate", str(model), "--data-dir", str(copy)], f"mutated {name}, evaluate"
        return ["predict", str(model), f"{target}:{rng.choice([0, 1, 99, 100, 5000])}"], f"mutated {name}, predict"
    if kind == "image":
        mutated = case / ("image" + rng.choice([".png", ".pgm", ""]))
        mutated.write_bytes(mutate_image(rng, images))
        return ["predict", str(model), str(mutated)], "mutated image, predict"
    line = rng.choice(BAD_COMMAND_LINES)
    substitutions = {"{model}": str(model), "{idx}": str(data / "t10k-images-idx3-ubyte.gz"), "{image}": str(images[0])}
    arguments = [substitutions.get(argument, argument) for argument in line]
    if arguments[0] == "train" and "--output" not in arguments:
        arguments += ["--output", str(case / "run"), "--data-dir", str(data), "--limit", "300", "--validation-split", "100",
                      "--model" if "--model" not in arguments else "--seed", "mlp:16" if "--model" not in arguments else "1"]
    return arguments, "bad command line"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--nabla", default=str(ROOT / ".build" / "debug" / "nabla"), help="the nabla executable")
    parser.add_argument("--cases", type=int, default=300, help="how many cases to run (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="random seed of the mutations (default 1)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds one case may take (default 60)")
    parser.add_argument("--keep", action="store_true", help="keep the work directory even when every case held")
    options = parser.parse_args()
    nabla = pathlib.Path(options.nabla)
    if not nabla.is_file():
        sys.exit(f"cli-fuzz: no nabla executable at {nabla} (build it first, or pass --nabla PATH)")

    rng = random.Random(options.seed)
    work = pathlib.Path(tempfile.mkdtemp(prefix="nabla-cli-fuzz-"))
    data, base, images = prepare(work, nabla, rng)
    failures, statuses, slowest, start = [], {}, (0.0, ""), time.monotonic()
    for index in range(options.cases):
        arguments, description = make_case(index, rng, work, data, base, images)
        problem, status, seconds, tail = run(nabla, arguments, options.timeout)
        statuses[status] = statuses.get(status, 0) + 1
        slowest = max(slowest, (seconds, description))
        if problem:
            failures.append((index, description, problem, arguments, tail))
            print(f"case {index} ({description}): {problem}\n  nabla {' '.join(arguments)}\n  {tail}", flush=True)
        else:
            shutil.rmtree(work / "cases" / str(index))
    summary = ", ".join(f"{count} × {'timeout' if status is None else f'status {status}'}"
                        for status, count in sorted(statuses.items(), key=lambda item: (item[0] is None, item[0] or 0)))
    print(f"cli-fuzz: {options.cases} cases (seed {options.seed}) in {time.monotonic() - start:.0f} s: {summary}; "
          f"slowest {slowest[0]:.1f} s ({slowest[1]}); {len(failures)} failed")
    if failures:
        print(f"cli-fuzz: the failed cases' files are in {work}/cases")
        sys.exit(1)
    if not options.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
