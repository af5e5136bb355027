#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Run the goya cases of QEMU's qos-test and print their TAP.  The cases are
# tests/qtest/goya-test.c, which scripts/build-qemu.sh copies into the QEMU
# tree and builds into qos-test; they run in that binary of the QEMU build.
#
#   tests/qtest/run-goya-qtest.sh QEMU_BUILD_DIR [REGEX]
#
# REGEX (grep -E) picks some of the goya test paths, e.g. 'boot/|help/'.
#
# No QEMU_BUILD_DIR (meson without -Dqemu_build): skipped.  A build without
# qos-test, or a qos-test without a single goya case, fails.
set -euo pipefail

bail() {
    echo "Bail out! $*"
    exit 1
}

qemu_build=${1:-}
if [ -z "$qemu_build" ]; then
    echo "1..0 # SKIP no QEMU build (meson -Dqemu_build=DIR)"
    exit 0
fi
filter=${2:-}
qemu=$qemu_build/qemu-system-x86_64
qos=$qemu_build/tests/qtest/qos-test
[ -x "$qemu" ] || bail "no $qemu: run scripts/build-qemu.sh"
[ -x "$qos" ] || bail "no $qos: run scripts/build-qemu.sh --qtest (or ./goya-emu test)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/goya-qtest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Debian's QEMU source comes without firmware blobs, and the PC machines
# insist on loading a BIOS even under qtest (which never runs it): take
# SeaBIOS from the host's seabios package, else a dummy image.  libqtest
# takes the target from the binary's name, so the -L options go into a
# wrapper of that name (one per QEMU binary, in a directory of its own).
dirs=()
if [ -f /usr/share/seabios/bios-256k.bin ]; then
    dirs+=(/usr/share/seabios)
else
    mkdir "$tmp/bios"
    head -c 65536 /dev/zero | tr '\0' '\364' > "$tmp/bios/bios-256k.bin"  # hlt
    dirs+=("$tmp/bios")
fi
# kvmvapic.bin (qemu-system-data) only quiets a warning
[ ! -f /usr/share/qemu/kvmvapic.bin ] || dirs+=(/usr/share/qemu)
wrapper() {         # wrapper QEMU DIR: DIR/qemu-system-x86_64 runs QEMU
    mkdir -p "$2"
    {
        echo '#!/bin/sh'
        printf 'exec %q' "$1"
        for d in "${dirs[@]}"; do printf ' -L %q' "$d"; done
        echo ' "$@"'
    } > "$2/qemu-system-x86_64"
    chmod +x "$2/qemu-system-x86_64"
}
wrapper "$qemu" "$tmp/plain"
export QTEST_QEMU_BINARY=$tmp/plain/qemu-system-x86_64

# Every test path of goya-test.c: its qos graph paths (through the goya
# node) and its plain /goya/ tests.
mapfile -t paths < <("$qos" -l 2>/dev/null | grep -E '^/x86_64/(.*/)?goya(/|$)')
[ "${#paths[@]}" -gt 0 ] ||
    bail "no goya test in $qos (is tests/qtest/goya-test.c in its meson.build? run scripts/build-qemu.sh)"
if [ -n "$filter" ]; then
    mapfile -t paths < <(printf '%s\n' "${paths[@]}" | grep -E -- "$filter")
    [ "${#paths[@]}" -gt 0 ] || bail "no goya test path matches '$filter'"
fi

# run_paths OUT PATH...: the paths in qos-test, TAP into OUT.  glib prints
# a plan after each -p path and numbers each run from 1: the plans are
# dropped (one plan at the end instead) and the cases numbered on across
# runs, as TAP wants.
run_paths() {
    local out=$1 p rc before
    local args=()
    shift
    for p in "$@"; do
        args+=(-p "$p")
    done
    before=$(grep -cE '^(not )?ok ' "$out" || true)
    set +e
    "$qos" --tap -k "${args[@]}" | grep -v '^1\.\.[0-9]*$' |
        awk -v n="$before" '/^(not )?ok [0-9]+/ {
                              n++; sub(/ok [0-9]+/, "ok " n) }
                          { print; fflush() }' | tee -a "$out"
    rc=${PIPESTATUS[0]}
    set -e
    return "$rc"
}

rc=0
: > "$tmp/out"
run_paths "$tmp/out" "${paths[@]}" || rc=$?

# The unplug and fuzz-reproducer cases once more against the ASan+UBSan
# QEMU of scripts/build-qemu-fuzz.sh, when it is built: nothing may touch
# freed memory.  A sanitizer report makes QEMU exit non-zero, which fails
# the case (libqtest checks QEMU's exit status).
here=$(cd "$(dirname "$0")" && pwd)
san_dir=$("$here/../../scripts/build-qemu-fuzz.sh" --print-dir 2>/dev/null) || san_dir=
san_paths=()
for p in "${paths[@]}"; do
    case $p in */goya/unplug-*|*/goya/fuzz/*) san_paths+=("$p") ;; esac
done
if [ -n "$san_dir" ] && [ -x "$san_dir/qemu-system-x86_64" ] &&
   [ "${#san_paths[@]}" -gt 0 ]; then
    echo "# again against the ASan+UBSan QEMU: $san_dir/qemu-system-x86_64"
    wrapper "$san_dir/qemu-system-x86_64" "$tmp/sanitizer"
    QTEST_QEMU_BINARY=$tmp/sanitizer/qemu-system-x86_64 \
    ASAN_OPTIONS=detect_leaks=0 \
    UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1:suppressions=$here/../../scripts/ubsan-suppressions.txt \
        run_paths "$tmp/out" "${san_paths[@]}" || rc=$?
else
    echo "# no ASan+UBSan QEMU (scripts/build-qemu-fuzz.sh): unplug and fuzz cases ran once"
fi
[ "$rc" = 0 ] || exit "$rc"
ran=$(grep -cE '^ok [0-9]+ /x86_64/(.*/)?goya/' "$tmp/out" || true)
[ "$ran" -gt 0 ] || bail "no goya test ran"
echo "1..$(grep -cE '^(not )?ok ' "$tmp/out")"
