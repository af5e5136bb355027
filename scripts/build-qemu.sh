#!/bin/bash
# Fetch Debian's QEMU 10.0 source (trixie) into the cache, copy qemu-hw/
# in as hw/misc/goya, configure the x86_64-softmmu target with only the
# devices in scripts/qemu-devices.mak and build it.
#
#   scripts/build-qemu.sh                 fetch/configure/build as needed
#   scripts/build-qemu.sh --print-binary  print the qemu-system-x86_64 path
#   scripts/build-qemu.sh --prepare       fetch and integrate only (no build)
#   scripts/build-qemu.sh --qtest         also build tests/qtest/qos-test
#   scripts/build-qemu.sh --print-configure-options
#                                         QEMU configure options, one a line
#                                         (scripts/build-qemu-fuzz.sh reuses them)
#
# GOYA_QEMU_SRC=/path/to/qemu  your own QEMU git tree instead of the cache
#                              (the series is applied on top of its HEAD)
# GOYA_CACHE=/path             cache root (default ~/.cache/goya-emu)
# GOYA_QEMU_DEBUG=1            build with debug info (-g)
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"

qemu_cache=$GOYA_CACHE/qemu
src=${GOYA_QEMU_SRC:-$qemu_cache/src}
build=${GOYA_QEMU_BUILD:-$qemu_cache/build}
binary=$build/qemu-system-x86_64

if [ "${1:-}" = --print-binary ]; then
    echo "$binary"
    exit 0
fi

# Debian's QEMU 10.0 source, unpacked into a new directory; prints its path.
fetch_pristine() {
    command -v dpkg-source >/dev/null || die "dpkg-source missing (package dpkg-dev)"
    "$GOYA_REPO/scripts/apt-sources.sh" >&2
    say "fetching Debian's QEMU 10.0 source package (trixie) into $qemu_cache" >&2
    local tmp dir
    mkdir -p "$qemu_cache"
    tmp=$(mktemp -d "$qemu_cache/fetch.XXXXXX")
    if ! (cd "$tmp" && apt-get source -q qemu/trixie 2>&1 |
              grep -E '^(Get|Fetched|dpkg-source: info: extracting)' >&2); then
        rm -rf "$tmp"
        die "apt-get source qemu/trixie failed (is trixie deb-src reachable?)"
    fi
    dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name 'qemu-*' | head -n1)
    [ -n "$dir" ] && [ -f "$dir/VERSION" ] || { rm -rf "$tmp"; die "no QEMU tree in the source package"; }
    case $(cat "$dir/VERSION") in
        10.0.*) ;;
        *) rm -rf "$tmp"; die "expected QEMU 10.0.x from trixie, got $(cat "$dir/VERSION")";;
    esac
    echo "$dir"
}

# The source tree ($src) and, beside it, the clean tree as a bare git
# repository (qemu.git, tag goya-base): the base the goya patch series
# (scripts/qemu-series.py) applies to.
fetch_source() {
    if [ -n "${GOYA_QEMU_SRC:-}" ]; then
        [ -f "$src/VERSION" ] || die "GOYA_QEMU_SRC=$src is not a QEMU tree (no VERSION)"
        return 0
    fi
    [ -f "$src/VERSION" ] && [ -d "$qemu_cache/qemu.git" ] && return 0
    local dir
    dir=$(fetch_pristine)
    say "recording the clean tree as $qemu_cache/qemu.git (base of the patch series)"
    python3 "$GOYA_REPO/scripts/qemu-series.py" init-base "$dir" ||
        { rm -rf "$(dirname "$dir")"; die "could not record the clean QEMU tree"; }
    if [ -f "$src/VERSION" ]; then
        rm -rf "$(dirname "$dir")"     # a tree from before qemu.git: kept
    else
        rm -rf "$src"
        mv "$dir" "$src"
        rm -rf "$(dirname "$dir")"
    fi
}

# Wire the device into the tree the way an in-tree one is: the tree is
# made equal to the clean tree + the series that `./goya-emu qemu-series`
# writes (hw/misc/goya with Kconfig, meson.build and trace-events, the docs
# page, the qtest, the generic-fuzz entry).  Only files whose content
# differs are written: a fresh clone leaves the QEMU build as it is, and an
# edit rebuilds only what it touches.
integrate() {
    # your own git tree (GOYA_QEMU_SRC): the series on top of its HEAD
    local series_opts=()
    [ -z "${GOYA_QEMU_SRC:-}" ] || series_opts=(--qemu "$src")
    python3 "$GOYA_REPO/scripts/qemu-series.py" "${series_opts[@]}" sync "$src" ||
        die "could not apply the goya series to $src"
    cmp -s "$GOYA_REPO/scripts/qemu-devices.mak" "$devices_mak" ||
        cp "$GOYA_REPO/scripts/qemu-devices.mak" "$devices_mak"
}

devices_mak=$src/configs/devices/x86_64-softmmu/goya.mak
configure_opts=(
    --cc=/usr/lib/ccache/gcc --cxx=/usr/lib/ccache/g++ --host-cc=gcc
    --target-list=x86_64-softmmu --python=/usr/bin/python3
    --without-default-devices --with-devices-x86_64=goya
    --without-default-features --enable-kvm --enable-tcg --enable-fdt=system
    --enable-trace-backends=log
    --disable-download --disable-docs --disable-werror --disable-install-blobs
    --disable-qom-cast-debug
)
# Without debug info a cold build writes and links much less (objects
# several times smaller); GOYA_QEMU_DEBUG=1 keeps -g (for gdb on QEMU).
[ "${GOYA_QEMU_DEBUG:-0}" = 1 ] || configure_opts+=(--disable-debug-info)
if [ "${1:-}" = --print-configure-options ]; then
    printf '%s\n' "${configure_opts[@]}"
    exit 0
fi

for tool in ninja gcc ccache python3; do
    command -v "$tool" >/dev/null || die "$tool missing: run scripts/deps.sh as root"
done
dpkg --compare-versions "$(meson --version 2>/dev/null || echo 0)" ge 1.5 ||
    die "meson >= 1.5 missing (bookworm-backports): run scripts/deps.sh as root"

fetch_source
integrate
[ "${1:-}" = --prepare ] && exit 0
qemu_configure "$src" "$build" "$devices_mak" "${configure_opts[@]}"
say "building QEMU ($binary)"
set +e
# qos-test (the goya qtest) only for the test suite: ~90 more objects on a
# cold set-up that `./goya-emu demo` does not need
targets=(qemu-system-x86_64)
[ "${1:-}" != --qtest ] || targets+=(tests/qtest/qos-test)
ninja -C "$build" "${targets[@]}" 2>&1 | ninja_progress qemu
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "QEMU build failed (ninja -C $build ${targets[*]})"
"$binary" -device help 2>/dev/null | grep -q '"goya"' ||
    die "built QEMU does not list -device goya"
