#!/usr/bin/env python3
"""Mutation testing for Nabla: plants one bug at a time and checks that `swift test` catches it.

Each mutation in the list (Scripts/mutations.json by default) names a file, an exact piece of its
text (which must occur exactly once) and the text to put in its place. The script copies the
working tree (tracked and untracked files, not .build or .git) to a scratch directory, checks that
the unmutated copy builds and passes, then for each mutation: applies it, runs
`swift build --build-tests` and `swift test` (each with a time limit), records the mutant as
killed (the tests failed or timed out), survived (they passed) or stillborn (it did not build), and
puts the original file back. It ends with the kill rate: killed / (killed + survived).

The working tree itself is never modified.

    Scripts/mutation-test.py                         # every mutation
    Scripts/mutation-test.py --only tanh-gradient --only dropout-no-rescale
    Scripts/mutation-test.py --first 5 --results runs/mutants.tsv
    Scripts/mutation-test.py --check                 # only check that each mutation applies

Needs only Python 3 and `swift` on PATH.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load_mutations(path):
    with open(path, encoding="utf-8") as handle:
        mutations = json.load(handle)
    names = set()
    for mutation in mutations:
        for key in ("name", "file", "original", "replacement"):
            if not isinstance(mutation.get(key), str):
                sys.exit(f"{path}: a mutation lacks a string '{key}': {mutation}")
        if mutation["name"] in names:
            sys.exit(f"{path}: two mutations are named {mutation['name']}")
        if mutation["original"] == mutation["replacement"]:
            sys.exit(f"{path}: mutation {mutation['name']} changes nothing")
        names.add(mutation["name"])
    return mutations


def problem(root, mutation):
    """Why `mutation` cannot be applied in `root`, or None."""
    path = os.path.join(root, mutation["file"])
    if not os.path.isfile(path):
        return f"no file {mutation['file']}"
    with open(path, encoding="utf-8") as handle:
        count = handle.read().count(mutation["original"])
    if count != 1:
        return f"the original text occurs {count} times in {mutation['file']}"
    return None


def copy_tree(destination):
    """Copies the files git knows of (tracked, and untracked but not ignored) to `destination`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for relative in filter(None, listed):
        source = os.path.join(ROOT, relative)
        if not os.path.isfile(source):
            continue  # deleted but not yet committed
        target = os.path.join(destination, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(source, target)


def run(command, cwd, timeout, log):
    """Runs `command`; returns 'ok', 'failed' or 'timeout'. Output goes to `log`."""
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(command)}\n")
        out.flush()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            return "ok" if process.wait(timeout=timeout) == 0 else "failed"
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # the process group this script started
            process.wait()
            return "timeout"


def test(scratch, arguments, log):
    """Builds and tests the scratch copy: 'passed', 'failed', 'timeout' or 'build failed'."""
    if run(["swift", "build", "--build-tests"], scratch, arguments.build_timeout, log) != "ok":
        return "build failed"
    status = run(["swift", "test"] + arguments.test_arguments, scratch, arguments.test_timeout, log)
    return {"ok": "passed", "failed": "failed", "timeout": "timeout"}[status]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mutations", default=os.path.join(ROOT, "Scripts", "mutations.json"), help="the list of mutations (JSON)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run this mutation (repeatable)")
    parser.add_argument("--first", type=int, metavar="N", help="run only the first N mutations")
    parser.add_argument("--check", action="store_true", help="only check that every mutation applies, then stop")
    parser.add_argument("--build-timeout", type=float, default=1200, metavar="SECONDS", help="limit for each build (default 1200)")
    parser.add_argument("--test-timeout", type=float, default=600, metavar="SECONDS", help="limit for each swift test; a timeout kills the mutant (default 600)")
    parser.add_argument("--scratch", metavar="DIR", help="scratch directory to use (and keep); default: a new temporary one, removed at the end")
    parser.add_argument("--results", metavar="FILE", help="also write name, file and outcome of each mutant here (TSV)")
    parser.add_argument("--skip-baseline", action="store_true", help="do not first check that the unmutated copy passes")
    parser.add_argument("test_arguments", nargs="*", help="extra arguments for swift test (after --), e.g. -- --filter NablaTests")
    arguments = parser.parse_args()

    mutations = load_mutations(arguments.mutations)
    if arguments.only:
        unknown = set(arguments.only) - {m["name"] for m in mutations}
        if unknown:
            sys.exit(f"no such mutation: {', '.join(sorted(unknown))}")
        mutations = [m for m in mutations if m["name"] in arguments.only]
    if arguments.first is not None:
        mutations = mutations[:arguments.first]

    invalid = [(m["name"], problem(ROOT, m)) for m in mutations if problem(ROOT, m)]
    for name, reason in invalid:
        print(f"{name}: {reason}")
    if arguments.check or invalid:
        print(f"{len(mutations) - len(invalid)} of {len(mutations)} mutations apply")
        sys.exit(1 if invalid else 0)

    scratch = arguments.scratch or tempfile.mkdtemp(prefix="nabla-mutants-")
    os.makedirs(scratch, exist_ok=True)
    log = os.path.join(scratch, "mutation-test.log")
    print(f"scratch copy: {scratch} (log: {log})", flush=True)
    copy_tree(scratch)

    if not arguments.skip_baseline:
        started = time.time()
        baseline = test(scratch, arguments, log)
        print(f"baseline (no mutation): {baseline} in {time.time() - started:.0f} s", flush=True)
        if baseline != "passed":
            sys.exit("the unmutated tree must build and pass first; see the log")

    outcomes = []
    try:
        for number, mutation in enumerate(mutations, 1):
            path = os.path.join(scratch, mutation["file"])
            with open(path, encoding="utf-8") as handle:
                original = handle.read()
            started = time.time()
            try:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(original.replace(mutation["original"], mutation["replacement"], 1))
                with open(log, "a", encoding="utf-8") as out:
                    out.write(f"\n==== mutant {mutation['name']} ({mutation['file']})\n")
                result = test(scratch, arguments, log)
            finally:
                with open(path, "w", encoding="utf-8") as handle:
                    handle.write(original)
            outcome = {"passed": "SURVIVED", "failed": "killed", "timeout": "killed (timeout)",
                       "build failed": "stillborn (does not build)"}[result]
            outcomes.append((mutation, outcome))
            print(f"[{number}/{len(mutations)}] {mutation['name']:<42} {outcome:<28} {time.time() - started:5.0f} s", flush=True)
    finally:
        if arguments.results:
            with open(arguments.results, "w", encoding="utf-8") as out:
                out.write("name\tfile\toutcome\n")
                for mutation, outcome in outcomes:
                    out.write(f"{mutation['name']}\t{mutation['file']}\t{outcome}\n")
        if not arguments.scratch:
            shutil.rmtree(scratch, ignore_errors=True)

    killed = sum(outcome.startswith("killed") for _, outcome in outcomes)
    survived = [m["name"] for m, outcome in outcomes if outcome == "SURVIVED"]
    stillborn = sum(outcome.startswith("stillborn") for _, outcome in outcomes)
    counted = killed + len(survived)
    rate = f"{100 * killed / counted:.0f}%" if counted else "n/a"
    print(f"\nkilled {killed} of {counted} mutants ({rate}); {stillborn} did not build")
    if survived:
        print("survivors: " + ", ".join(survived))
    sys.exit(1 if survived else 0)


if __name__ == "__main__":
    main()
