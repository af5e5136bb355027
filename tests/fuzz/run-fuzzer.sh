#!/bin/bash
# Build the Goya core fuzz target with clang, libFuzzer, ASan and UBSan,
# and run it (default 60 s) from the seed corpus.  Crashes land in
# build/fuzz/; reproduce one with build/fuzz/fuzz-core FILE.
#   tests/fuzz/run-fuzzer.sh [SECONDS] [libFuzzer args...]
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/build/fuzz
secs=${1:-60}
[ $# -gt 0 ] && shift
command -v clang >/dev/null || { echo "error: clang missing (apt-get install clang)" >&2; exit 1; }
mkdir -p "$out/corpus"
python3 "$top/scripts/gen-trace-stubs.py" "$out/goya-trace-stubs.h" \
    "$top/qemu-hw/trace-events" "$top/firmware-stub/trace-events"
python3 "$top/tests/fuzz/make-seeds.py" "$out/seeds" "$out/seeds.stamp"
# shellcheck disable=SC2046 # pkg-config output is a word list
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DGOYA_STANDALONE -I"$out" -I"$top/qemu-hw" -I"$top/firmware-stub" \
    $(pkg-config --cflags glib-2.0) \
    "$top"/qemu-hw/goya_*.c "$top/qemu-hw/goya-standalone.c" \
    "$top/firmware-stub/goya_fw.c" "$top/tests/fuzz/fuzz_core.c" \
    $(pkg-config --libs glib-2.0) -o "$out/fuzz-core"
cd "$out"
exec ./fuzz-core -max_total_time="$secs" -rss_limit_mb=4096 -timeout=10 \
    -artifact_prefix="$out/" "$@" corpus seeds
