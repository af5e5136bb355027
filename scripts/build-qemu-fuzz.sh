#!/bin/bash
# Build QEMU with clang, libFuzzer, ASan and UBSan in its own build
# directory beside the normal one ($GOYA_CACHE/qemu/build-fuzz), from the
# source tree scripts/build-qemu.sh fetched and wired qemu-hw/ into.
# Same devices (scripts/qemu-devices.mak) and options as the normal build,
# plus --enable-fuzzing --enable-asan --enable-ubsan.  Two binaries:
#
#   qemu-fuzz-x86_64     QEMU's generic-fuzz, with the goya entry of
#                        tests/fuzz/generic-fuzz-goya.inc
#                        (--fuzz-target=generic-fuzz-goya)
#   qemu-system-x86_64   the sanitizer build for guest runs
#                        (GOYA_QEMU_SANITIZE=1 ./goya-emu test)
#
#   scripts/build-qemu-fuzz.sh                configure/build as needed
#   scripts/build-qemu-fuzz.sh --print-dir    print the build directory
#   scripts/build-qemu-fuzz.sh --check        exit 0 iff both binaries are built
#
# GOYA_QEMU_FUZZ_BUILD=DIR  build directory (default $GOYA_CACHE/qemu/build-fuzz)
# GOYA_JOBS=N               ninja -jN (default: ninja's choice)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"

src=${GOYA_QEMU_SRC:-$GOYA_CACHE/qemu/src}
build=${GOYA_QEMU_FUZZ_BUILD:-$GOYA_CACHE/qemu/build-fuzz}
targets=(qemu-fuzz-x86_64 qemu-system-x86_64)

case ${1:-} in
    --print-dir)
        echo "$build"
        exit 0
        ;;
    --check)
        for t in "${targets[@]}"; do
            [ -x "$build/$t" ] || exit 1
        done
        exit 0
        ;;
    "") ;;
    *)
        sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//' >&2
        exit 2
        ;;
esac

# What a clang/libFuzzer/ASan/UBSan build needs, named by Debian package.
missing=()
command -v clang-14 >/dev/null || missing+=("clang-14 (package clang-14)")
command -v clang++-14 >/dev/null || missing+=("clang++-14 (package clang-14)")
for lib in fuzzer asan ubsan_standalone; do
    f=$(clang-14 -print-file-name="libclang_rt.$lib-x86_64.a" 2>/dev/null || true)
    [ -f "$f" ] || missing+=("libclang_rt.$lib-x86_64.a (package libclang-rt-14-dev)")
done
for tool in ninja python3; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
[ -f /usr/share/seabios/bios-256k.bin ] ||
    missing+=("/usr/share/seabios/bios-256k.bin (package seabios)")
if [ ${#missing[@]} -gt 0 ]; then
    printf 'error: missing for the fuzz build: %s\n' "${missing[@]}" >&2
    die "install them (as root: apt-get install clang-14 libclang-rt-14-dev seabios)"
fi

# Fetch and integrate (shared with the normal build; no compile there).
"$GOYA_REPO/scripts/build-qemu.sh" --prepare

ccache=
[ -x /usr/lib/ccache/clang-14 ] && ccache=/usr/lib/ccache/
configure_opts=(--cc="${ccache}clang-14" --cxx="${ccache}clang++-14"
                --host-cc=clang-14)
while IFS= read -r opt; do
    case $opt in
        --cc=*|--cxx=*|--host-cc=*) ;;     # gcc: replaced by clang above
        *) configure_opts+=("$opt") ;;
    esac
done < <("$GOYA_REPO/scripts/build-qemu.sh" --print-configure-options)
# Line tables only: sanitizer reports with file:line at a fraction of -g.
configure_opts+=(--enable-fuzzing --enable-asan --enable-ubsan
                 --extra-cflags=-gline-tables-only)

qemu_configure "$src" "$build" "$src/configs/devices/x86_64-softmmu/goya.mak" \
    "${configure_opts[@]}"

say "building ${targets[*]} (clang, ASan, UBSan) in $build"
jobs=()
[ -n "${GOYA_JOBS:-}" ] && jobs=(-j "$GOYA_JOBS")
set +e
ninja -C "$build" "${jobs[@]}" "${targets[@]}" 2>&1 | ninja_progress qemu-fuzz
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "QEMU fuzz build failed (ninja -C $build ${targets[*]})"
"$build/qemu-fuzz-x86_64" --help 2>&1 | grep -q 'generic-fuzz-goya' ||
    die "$build/qemu-fuzz-x86_64 has no generic-fuzz-goya target (tests/fuzz/generic-fuzz-goya.inc not wired in?)"
