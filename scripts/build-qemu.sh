#!/bin/bash
# Fetch Debian's QEMU 10.0 source (trixie) into the cache, copy qemu-hw/
# in as hw/misc/goya, configure the x86_64-softmmu target with only the
# devices in scripts/qemu-devices.mak and build it.
#
#   scripts/build-qemu.sh                 fetch/configure/build as needed
#   scripts/build-qemu.sh --print-binary  print the qemu-system-x86_64 path
#   scripts/build-qemu.sh --prepare       fetch and integrate only (no build)
#   scripts/build-qemu.sh --print-configure-options
#                                         QEMU configure options, one a line
#                                         (scripts/build-qemu-fuzz.sh reuses them)
#
# GOYA_QEMU_SRC=/path/to/qemu  use your own QEMU tree instead of the cache
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

fetch_source() {
    [ -f "$src/VERSION" ] && return 0
    [ -n "${GOYA_QEMU_SRC:-}" ] && die "GOYA_QEMU_SRC=$src is not a QEMU tree (no VERSION)"
    command -v dpkg-source >/dev/null || die "dpkg-source missing (package dpkg-dev)"
    "$GOYA_REPO/scripts/apt-sources.sh"
    say "fetching Debian's QEMU 10.0 source package (trixie) into $qemu_cache"
    local tmp
    mkdir -p "$qemu_cache"
    tmp=$(mktemp -d "$qemu_cache/fetch.XXXXXX")
    if ! (cd "$tmp" && apt-get source -q qemu/trixie 2>&1 | grep -E '^(Get|Fetched|dpkg-source: info: extracting)' ); then
        rm -rf "$tmp"
        die "apt-get source qemu/trixie failed (is trixie deb-src reachable?)"
    fi
    local dir
    dir=$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name 'qemu-*' | head -n1)
    [ -n "$dir" ] && [ -f "$dir/VERSION" ] || { rm -rf "$tmp"; die "no QEMU tree in the source package"; }
    case $(cat "$dir/VERSION") in
        10.0.*) ;;
        *) rm -rf "$tmp"; die "expected QEMU 10.0.x from trixie, got $(cat "$dir/VERSION")";;
    esac
    rm -rf "$src"
    mv "$dir" "$src"
    rm -rf "$tmp"
}

# Copy the files of directory $1 (following links) to $2 where their
# content differs, and delete what $1 no longer has.  Unchanged files keep
# their mtime: a fresh clone (new mtimes, perhaps a new path) leaves the
# QEMU build as it is, and an edit rebuilds only what it touches.
sync_tree() {
    local from=$1 to=$2 f
    mkdir -p "$to"
    while IFS= read -r -d '' f; do
        if ! cmp -s "$from/$f" "$to/$f"; then
            mkdir -p "$(dirname "$to/$f")"
            cp "$from/$f" "$to/$f"
        fi
    done < <(cd "$from" && find -L . -type f -print0)
    while IFS= read -r -d '' f; do
        [ -e "$from/$f" ] || rm -f "$to/$f"
    done < <(cd "$to" && find . -type f -print0)
}

# Wire qemu-hw/ into the tree the way an in-tree device is: hw/misc/goya
# with Kconfig, meson.build and trace-events, plus a docs page.  A copy,
# not a link to this clone: edit qemu-hw/, then run this script.
integrate() {
    [ ! -L "$src/hw/misc/goya" ] || rm "$src/hw/misc/goya"
    sync_tree "$GOYA_REPO/qemu-hw" "$src/hw/misc/goya"
    ln -sfn "$GOYA_REPO/docs/qemu-goya.rst" "$src/docs/specs/goya.rst"
    grep -q '^source goya/Kconfig' "$src/hw/misc/Kconfig" ||
        printf '\nsource goya/Kconfig\n' >> "$src/hw/misc/Kconfig"
    grep -q "^subdir('goya')" "$src/hw/misc/meson.build" ||
        printf "\nsubdir('goya')\n" >> "$src/hw/misc/meson.build"
    grep -q "'hw/misc/goya'," "$src/meson.build" ||
        sed -i "s|^\( *\)'hw/misc',$|\1'hw/misc',\n\1'hw/misc/goya',\n\1'hw/misc/goya/firmware-stub',|" "$src/meson.build"
    grep -q "'hw/misc/goya'," "$src/meson.build" ||
        die "could not add hw/misc/goya to trace_events_subdirs in $src/meson.build"
    grep -q '^   goya$' "$src/docs/specs/index.rst" ||
        sed -i 's|^   edu$|   edu\n   goya|' "$src/docs/specs/index.rst"
    # the C qtest (libqos) and the generic-fuzz entry live in tests/ of
    # this repo and are wired in like QEMU's own
    if [ -f "$GOYA_REPO/tests/qtest/goya-test.c" ]; then
        cmp -s "$GOYA_REPO/tests/qtest/goya-test.c" "$src/tests/qtest/goya-test.c" ||
            cp "$GOYA_REPO/tests/qtest/goya-test.c" "$src/tests/qtest/goya-test.c"
        grep -q "'goya-test.c'," "$src/tests/qtest/meson.build" ||
            sed -i "s|^  'igb-test.c',$|  'goya-test.c',\n  'igb-test.c',|" "$src/tests/qtest/meson.build"
    fi
    # the generic-fuzz entry, between markers so that an edit replaces it
    local fuzz_inc=$GOYA_REPO/tests/fuzz/generic-fuzz-goya.inc
    local fuzz_h=$src/tests/qtest/fuzz/generic_fuzz_configs.h
    local fuzz_mark='\/\* goya-emu generic-fuzz entry'
    if [ -f "$fuzz_inc" ] &&
       ! cmp -s "$fuzz_inc" <(sed -n "/^$fuzz_mark: begin/,/^$fuzz_mark: end/p" "$fuzz_h" | sed '1d;$d'); then
        sed -i "/^$fuzz_mark: begin/,/^$fuzz_mark: end/d" "$fuzz_h"
        { echo '/* goya-emu generic-fuzz entry: begin */'; cat "$fuzz_inc"
          echo '/* goya-emu generic-fuzz entry: end */'; } > "$fuzz_h.goya"
        sed -i "/^const generic_fuzz_config predefined_configs\[\] = {$/r $fuzz_h.goya" "$fuzz_h"
        rm -f "$fuzz_h.goya"
        grep -q '"goya"' "$fuzz_h" || die "could not add the goya entry to $fuzz_h"
    fi
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
ninja -C "$build" qemu-system-x86_64 2>&1 | ninja_progress qemu
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || die "QEMU build failed (ninja -C $build qemu-system-x86_64)"
"$binary" -device help 2>/dev/null | grep -q '"goya"' ||
    die "built QEMU does not list -device goya"
