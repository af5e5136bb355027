#!/bin/bash
# Install the host packages the build and tests need (idempotent).
#   scripts/deps.sh [--no-accel-headers]
# --no-accel-headers: leave the 6.12 uapi headers (below) to the caller
# (./goya-emu fetches them beside the QEMU build).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
want_accel=1
[ "${1:-}" != --no-accel-headers ] || want_accel=0

host_pkgs=(
    build-essential ninja-build ccache pkg-config python3 python3-venv
    libglib2.0-dev libpixman-1-dev zlib1g-dev flex bison
    dpkg-dev xz-utils cpio gzip busybox-static check
    seabios qemu-system-data u-boot-tools device-tree-compiler libfdt-dev
    pciutils kmod
    mmdebstrap
    clang-14 libclang-rt-14-dev
)

missing=()
for p in "${host_pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
meson_ok=0
if command -v meson >/dev/null 2>&1 && \
   dpkg --compare-versions "$(meson --version 2>/dev/null || echo 0)" ge 1.5; then
    meson_ok=1
fi

# The 6.12 guest kernel's headers: libhl takes the accel/DRM uapi header
# (drm/habanalabs_accel.h, not in bookworm's linux-libc-dev) from them when
# meson configures (driver/meson.build).  Downloaded and unpacked into the
# cache, never installed (linux-headers-6.12 would pull its kernel image
# into the host's /boot).
accel_headers() {
    [ "$want_accel" = 1 ] || return 0
    "$here/../driver/kmod/build-module.sh" --kernel 6.12 --print-uapi >/dev/null ||
        echo "warning: linux-headers for 6.12 not available: libhl will speak only the 6.1 (misc) interface" >&2
}

if [ ${#missing[@]} -eq 0 ] && [ $meson_ok = 1 ]; then
    [ "$(id -u)" != 0 ] || accel_headers
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "error: missing packages: ${missing[*]} $([ $meson_ok = 1 ] || echo 'meson>=1.5')" >&2
    echo "       run as root (or install them) so the build can apt-get install them" >&2
    exit 1
fi
"$here/apt-sources.sh"
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -gt 0 ]; then
    echo "==> installing: ${missing[*]}"
    apt-get install -y -q --no-install-recommends "${missing[@]}" || {
        echo "error: apt-get install failed for: ${missing[*]}" >&2; exit 1; }
fi
if [ $meson_ok = 0 ]; then
    echo "==> installing meson from bookworm-backports"
    apt-get install -y -q --no-install-recommends meson/bookworm-backports || {
        echo "error: could not install meson >= 1.5 from bookworm-backports" >&2; exit 1; }
fi
accel_headers
