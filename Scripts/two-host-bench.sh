#!/usr/bin/env bash
# The two-host figures of BENCHMARKS.md ("Data-parallel training with MPI", the veth TCP columns):
# two network namespaces joined by a veth pair, as TwoHostTrainingTests makes them, one MPI rank in
# each, talking over Open MPI's TCP transport only. Measures Benchmarks/allreduce_bench.c for the
# gradient sizes of the mlp, cnn and lstm models, then a short `nabla train --distributed` of each,
# and prints the figures. The namespaces (and with them the veth pair) and the temporary files are
# removed on exit, also after an error or Ctrl-C.
#
#   Scripts/two-host-bench.sh [--nabla PATH] [--limit N] [--models "mlp cnn lstm"]
#   nice -n -20 Scripts/two-host-bench.sh            # raised priority, for figures on a busy machine
#
# Needs root, iproute2 (`ip netns`), Open MPI (mpicc, mpirun), a release build of nabla
# (`swift build -c release`; --nabla for another) and Fashion-MNIST where `nabla train` finds it.
# Rank 0 runs on core 0 and rank 1 on core 1 (an Open MPI rankfile), so each trains with one thread.
set -euo pipefail
cd "$(dirname "$0")/.."

nabla=.build/release/nabla
limit=6400
models="mlp cnn lstm"
while [ $# -gt 0 ]; do
    case "$1" in
        --nabla) nabla="$2"; shift 2 ;;
        --limit) limit="$2"; shift 2 ;;
        --models) models="$2"; shift 2 ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "two-host-bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[ "$(id -u)" = 0 ] || { echo "two-host-bench: network namespaces need root" >&2; exit 1; }
for tool in ip mpicc mpirun; do
    command -v "$tool" >/dev/null || { echo "two-host-bench: $tool not found (apt-get install iproute2 libopenmpi-dev openmpi-bin)" >&2; exit 1; }
done
[ -x "$nabla" ] || { echo "two-host-bench: no nabla at $nabla: build it with swift build -c release, or pass --nabla" >&2; exit 1; }
nabla=$(realpath "$nabla")

# The gradient of each model in floats, from its summary (docs/Distributed.md's table).
floats_of() {
    case "$1" in
        mlp) echo 235146 ;;
        cnn) echo 3274634 ;;
        lstm) echo 213258 ;;
        *) echo "two-host-bench: no gradient size known for model '$1' (mlp, cnn, lstm)" >&2; exit 2 ;;
    esac
}
for model in $models; do floats_of "$model" >/dev/null; done

tag=$(( $$ % 100000 ))
namespaces=("nabla-ha$tag" "nabla-hb$tag")
interfaces=("nha$tag" "nhb$tag")
addresses=(10.231.8.1 10.231.8.2)
subnet=10.231.8.0/24
work=$(mktemp -d /tmp/two-host-bench.XXXXXX)

cleanup() {
    for namespace in "${namespaces[@]}"; do ip netns delete "$namespace" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for namespace in "${namespaces[@]}"; do ip netns add "$namespace"; done
ip link add "${interfaces[0]}" type veth peer name "${interfaces[1]}"
for index in 0 1; do
    ip link set "${interfaces[$index]}" netns "${namespaces[$index]}"
    ip -n "${namespaces[$index]}" addr add "${addresses[$index]}/24" dev "${interfaces[$index]}"
    ip -n "${namespaces[$index]}" link set "${interfaces[$index]}" up
    ip -n "${namespaces[$index]}" link set lo up
done

# The launch agent mpirun calls in place of ssh: `agent <host> <command>` runs the command in the
# namespace of the host's address.
cat > "$work/agent.sh" <<EOF
#!/bin/sh
host="\$1"; shift
case "\$host" in
  ${addresses[0]}) namespace=${namespaces[0]} ;;
  ${addresses[1]}) namespace=${namespaces[1]} ;;
  *) echo "agent: unknown host \$host" >&2; exit 1 ;;
esac
exec ip netns exec "\$namespace" /bin/sh -c "\$*"
EOF
chmod 755 "$work/agent.sh"
printf '%s slots=1\n' "${addresses[@]}" > "$work/hosts"
printf 'rank 0=%s slot=0\nrank 1=%s slot=1\n' "${addresses[0]}" "${addresses[1]}" > "$work/ranks"

# mpirun in the first namespace, 2 ranks, TCP through the veth pair only.
two_hosts() {
    ip netns exec "${namespaces[0]}" env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 \
        mpirun -np 2 --hostfile "$work/hosts" --rankfile "$work/ranks" --mca plm_rsh_agent "$work/agent.sh" \
        --mca btl tcp,self --mca btl_tcp_if_include "$subnet" --mca oob_tcp_if_include "$subnet" "$@"
}

# Bytes sent out of the first namespace's end of the veth pair so far.
bytes_sent() {
    ip -n "${namespaces[0]}" -s link show "${interfaces[0]}" | awk '/TX:/ { getline; print $1 }'
}

echo "two-host-bench: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(uptime | sed 's/.*load average/load average/')"
echo "ranks: ${addresses[0]} (${namespaces[0]}, core 0) and ${addresses[1]} (${namespaces[1]}, core 1), TCP over a veth pair"
mpicc -O2 -o "$work/allreduce_bench" Benchmarks/allreduce_bench.c

echo
echo "== all-reduce alone (Benchmarks/allreduce_bench.c, 200 times each)"
for model in $models; do
    echo "-- $model"
    two_hosts "$work/allreduce_bench" "$(floats_of "$model")"
done

echo
echo "== nabla train --distributed, 1 epoch of $limit images, no validation"
for model in $models; do
    echo "-- $model"
    before=$(bytes_sent)
    two_hosts "$nabla" train --distributed --model "$model" --epochs 1 --limit "$limit" --validation-split 0 \
        --output "$work/run-$model" > "$work/train-$model.log" 2>&1 \
        || { cat "$work/train-$model.log" >&2; echo "two-host-bench: the $model run failed" >&2; exit 1; }
    after=$(bytes_sent)
    grep -E "identical parameters|^trained" "$work/train-$model.log"
    echo "$(( (after - before) / 1000000 )) MB left the first namespace"
done
echo
echo "two-host-bench: done at $(date -u '+%H:%M UTC'), $(uptime | sed 's/.*load average/load average/')"
