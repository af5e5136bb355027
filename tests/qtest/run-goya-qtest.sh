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
# wrapper of that name.
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
{
    echo '#!/bin/sh'
    printf 'exec %q' "$qemu"
    for d in "${dirs[@]}"; do printf ' -L %q' "$d"; done
    echo ' "$@"'
} > "$tmp/qemu-system-x86_64"
chmod +x "$tmp/qemu-system-x86_64"
export QTEST_QEMU_BINARY=$tmp/qemu-system-x86_64

# Every test path of goya-test.c: its qos graph paths (through the goya
# node) and its plain /goya/ tests.
mapfile -t paths < <("$qos" -l 2>/dev/null | grep -E '^/x86_64/(.*/)?goya(/|$)')
[ "${#paths[@]}" -gt 0 ] ||
    bail "no goya test in $qos (is tests/qtest/goya-test.c in its meson.build? run scripts/build-qemu.sh)"
if [ -n "$filter" ]; then
    mapfile -t paths < <(printf '%s\n' "${paths[@]}" | grep -E -- "$filter")
    [ "${#paths[@]}" -gt 0 ] || bail "no goya test path matches '$filter'"
fi

args=()
for p in "${paths[@]}"; do
    args+=(-p "$p")
done
# glib prints a plan after each -p path: one plan, at the end, instead
set +e
"$qos" --tap -k "${args[@]}" | tee "$tmp/out" | grep -v '^1\.\.[0-9]*$'
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || exit "$rc"
ran=$(grep -cE '^ok [0-9]+ /x86_64/(.*/)?goya/' "$tmp/out" || true)
[ "$ran" -gt 0 ] || bail "no goya test ran"
echo "1..$(grep -cE '^(not )?ok ' "$tmp/out")"
