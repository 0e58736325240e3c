#!/usr/bin/env bash
# Runs Nabla's tests under a sanitizer, in a build of its own (.build-tsan, .build-asan), so the
# normal .build is untouched.
#
#   Scripts/sanitizers.sh thread                       # ThreadSanitizer: the thread pool and data loader suites
#   Scripts/sanitizers.sh address                      # AddressSanitizer: the whole NablaTests target
#   Scripts/sanitizers.sh thread --filter 'Tensor'     # any suites (a swift test --filter expression)
#   Scripts/sanitizers.sh address --all                # every test target
#
# A report (a data race, a heap overflow, a use after free, a leak) fails the run: the sanitizers
# stop the test process on the first report (halt_on_error), and the script exits 1.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

sanitizer="${1:-}"
case "$sanitizer" in
    thread) scratch=.build-tsan filter='ThreadPoolTests|DataLoaderTests' ;;
    address) scratch=.build-asan filter='NablaTests\.' ;;
    *) echo "usage: Scripts/sanitizers.sh thread|address [--filter EXPRESSION | --all]" >&2; exit 2 ;;
esac
shift
while [ $# -gt 0 ]; do
    case "$1" in
        --filter) filter="$2"; shift 2 ;;
        --all) filter=''; shift ;;
        *) echo "sanitizers.sh: unknown option '$1'" >&2; exit 2 ;;
    esac
done

export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
export ASAN_OPTIONS="halt_on_error=1 detect_leaks=0 ${ASAN_OPTIONS:-}"
start=$(date +%s)
mkdir -p "$scratch"
if ! swift build --build-tests --sanitize="$sanitizer" --scratch-path "$scratch" > "$scratch/build.log" 2>&1; then
    tail -30 "$scratch/build.log"
    echo "sanitizers.sh: the $sanitizer-sanitized build failed (log: $scratch/build.log)" >&2
    exit 1
fi
built=$(date +%s)
swift test --skip-build --sanitize="$sanitizer" --scratch-path "$scratch" ${filter:+--filter "$filter"}
echo "sanitizers.sh: $sanitizer sanitizer${filter:+ on '$filter'}: passed (build $((built - start)) s, tests $(( $(date +%s) - built )) s)"
