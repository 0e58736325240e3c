#!/usr/bin/env bash
# Builds Nabla's libFuzzer targets (Fuzz/, with AddressSanitizer) and runs each in turn.
#
#   Scripts/fuzz.sh                      # every target for 30 seconds
#   Scripts/fuzz.sh --time 10 FuzzIDX    # one target for 10 seconds
#   Scripts/fuzz.sh --runs 1000000       # every target for a million executions
#
# Each target starts from a copy of its seed corpus (Fuzz/Corpus/<target>) in .build-fuzz/corpus,
# so the committed seeds stay as they are. A crash, leak, timeout (10 s for one input) or memory
# overrun (2 GB) stops the script with libFuzzer's report; the input is left in
# .build-fuzz/artifacts/<target>/ and the whole log in .build-fuzz/<target>.log. The build uses its own scratch path, .build-fuzz.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="/opt/swift/usr/bin:$PATH"

limit=(-max_total_time=30)
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --time) limit=(-max_total_time="$2"); shift 2 ;;
        --runs) limit=(-runs="$2"); shift 2 ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "fuzz.sh: unknown option '$1' (use --time SECONDS or --runs COUNT)" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
[ ${#targets[@]} -gt 0 ] || targets=(FuzzSafeTensors FuzzCheckpoint FuzzIDX FuzzImage)

scratch=.build-fuzz
mkdir -p "$scratch"
# (gold warns once per ASan helper symbol that it cannot export it; the log keeps those.)
if ! swift build --package-path Fuzz --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address > "$scratch/build.log" 2>&1; then
    grep -v "Cannot export local symbol" "$scratch/build.log" | tail -30
    echo "fuzz.sh: building the fuzz targets failed (log: $scratch/build.log)" >&2
    exit 1
fi
for target in "${targets[@]}"; do
    binary="$scratch/debug/$target"
    [ -x "$binary" ] || { echo "fuzz.sh: no fuzz target '$target' was built (see Fuzz/Package.swift)" >&2; exit 2; }
    corpus="$scratch/corpus/$target" artifacts="$scratch/artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    cp Fuzz/Corpus/"$target"/* "$corpus"/
    echo "== $target (${limit[*]})"
    start=$(date +%s) status=0
    LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan-suppressions.txt" "$binary" "$corpus" "${limit[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" \
        > "$scratch/$target.log" 2>&1 || status=$?
    grep -E "^(INFO: Seed|#[0-9]+[[:space:]]+(INITED|DONE)|Done |stat::|==[0-9]+==|SUMMARY|ERROR|Fatal|    #[0-9])" "$scratch/$target.log" || true
    echo "== $target: exit status $status after $(( $(date +%s) - start )) s"
    [ "$status" = 0 ] || { echo "fuzz.sh: $target failed; the input is in $artifacts/" >&2; exit 1; }
done
