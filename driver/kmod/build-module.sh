#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the unmodified upstream habanalabs driver out of tree against a
# Debian stock kernel's headers, and cache the result under
#   ${GOYA_CACHE:-$HOME/.cache/goya-emu}/kmod/<kernel release>/<source key>/
#
# Default: Debian bookworm's stock 6.1 kernel.  The kernel ABI is the one
# linux-image-amd64 depends on; source (linux-source-6.1) and headers
# (linux-headers-<abi>-amd64) must be of exactly the same Debian version.
#
# Progress goes to stderr; the last line on stdout is the path of the
# cached habanalabs.ko.  Nothing is installed into the host's /lib/modules
# or /boot.
#
# Usage: build-module.sh [--kernel 6.1|6.12] [--src DIR] [--force] [--print-kver]
set -euo pipefail

prog=${0##*/}
cache=${GOYA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goya-emu}
series=6.1
src_dir=
force=0
print_kver=0

usage() {
	cat <<EOF
usage: $prog [options]
  --kernel 6.1|6.12  kernel series (default 6.1: bookworm's linux-image-amd64;
                     6.12: linux-image-amd64 from bookworm-backports)
  --src DIR          build from a user kernel tree containing
                     drivers/misc/habanalabs (6.1) or drivers/accel/habanalabs
                     instead of Debian's linux-source package
  --force            rebuild even if the cache is valid
  --print-kver       print "<kernel release> <debian version>" and exit
Env: GOYA_CACHE (default \${XDG_CACHE_HOME:-\$HOME/.cache}/goya-emu)
The path of the built habanalabs.ko is printed on stdout.
EOF
}

msg() { echo "==> $prog: $*" >&2; }
die() { echo "error: $prog: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || die "--kernel needs an argument"; series=$2; shift 2 ;;
	--kernel=*) series=${1#*=}; shift ;;
	--src) [ $# -ge 2 ] || die "--src needs an argument"; src_dir=$2; shift 2 ;;
	--src=*) src_dir=${1#*=}; shift ;;
	--force) force=1; shift ;;
	--print-kver) print_kver=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
done

case $series in
6.1)  meta_target=bookworm ;;
6.12) meta_target=bookworm-backports ;;
*) die "--kernel must be 6.1 or 6.12 (got '$series')" ;;
esac

# ---------------------------------------------------------------------------
# Versions, all derived from apt's view of the archive.

# candidate version of a package for a given target release ('' if none)
pkg_version() {
	local pkg=$1 target=${2:-}
	if [ -n "$target" ]; then
		apt-cache show "$pkg/$target" 2>/dev/null | awk '/^Version:/ { print $2; exit }'
	else
		apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2; exit }'
	fi
}

installed_version() {
	dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
		awk '$1 == "install" && $3 == "installed" { print $4 }' || true
}

# The image package that linux-image-amd64 depends on: for 6.1 the newest
# bookworm (incl. security) metapackage, for 6.12 the bookworm-backports one.
# Prints "<metapackage version> <image package>" lines, newest first.
meta_candidates() {
	apt-cache show linux-image-amd64 2>/dev/null | awk '
		/^Version:/ { v = $2 }
		/^Depends:/ { if (match($0, /linux-image-[0-9][^ ,]*-amd64/))
				print v, substr($0, RSTART, RLENGTH) }' |
	while read -r v p; do
		case $series:$v in
		6.1:*bpo*) continue ;;
		6.12:*bpo*) ;;
		6.12:*) continue ;;
		esac
		case $p in "linux-image-$series."*) echo "$v $p" ;; esac
	done | sort -r -V
}
image_pkg=$(meta_candidates | awk 'NR == 1 { print $2 }')
[ -n "$image_pkg" ] ||
	die "apt knows no linux-image-amd64 for $series in $meta_target (expected e.g. linux-image-6.1.0-56-amd64 for 6.1); run scripts/apt-sources.sh (adds bookworm-backports) and apt-get update"
kver=${image_pkg#linux-image-}
image_ver=$(apt-cache show "$image_pkg" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -r -V | head -n1)
[ -n "$image_ver" ] || die "apt has no version of $image_pkg"
headers_pkg=linux-headers-$kver
source_pkg=linux-source-$series

if [ $print_kver = 1 ]; then
	echo "$kver $image_ver"
	exit 0
fi

# Install a package at exactly the given version, or die naming both.
ensure_pkg() {
	local pkg=$1 want=$2 have
	have=$(installed_version "$pkg")
	[ "$have" = "$want" ] && return 0
	if [ "$(id -u)" != 0 ]; then
		die "$pkg ${have:-(not installed)} but $image_pkg is $want; install $pkg=$want (needs root)"
	fi
	msg "installing $pkg=$want (have: ${have:-none})"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
		"$pkg=$want" >&2 ||
		die "apt-get install $pkg=$want failed (image $image_pkg is $want)"
	have=$(installed_version "$pkg")
	[ "$have" = "$want" ] ||
		die "version mismatch: $pkg is ${have:-not installed}, $image_pkg is $want"
}

ensure_pkg "$headers_pkg" "$image_ver"
hdr=/usr/src/linux-headers-$kver
[ -f "$hdr/Makefile" ] || die "$hdr/Makefile missing although $headers_pkg $image_ver is installed"
hdr_rel=$(sed -n 's/^override KERNELRELEASE = //p' "$hdr/.kernelvariables" 2>/dev/null || true)
if [ -z "$hdr_rel" ] && [ -f "$hdr/include/generated/utsrelease.h" ]; then
	hdr_rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$hdr/include/generated/utsrelease.h")
fi
[ -z "$hdr_rel" ] || [ "$hdr_rel" = "$kver" ] ||
	die "version mismatch: $hdr is for kernel release $hdr_rel, image is $kver"

# Which config symbol and directory the driver has in this series.
if [ "$series" = 6.1 ]; then
	drv_rel=drivers/misc/habanalabs
	kconfig_sym=CONFIG_HABANA_AI
else
	drv_rel=drivers/accel/habanalabs
	kconfig_sym=CONFIG_DRM_ACCEL_HABANALABS
fi

# ---------------------------------------------------------------------------
# Source: a user tree, or the Debian linux-source package of the same version.

kdir=$cache/kmod/$kver
mkdir -p "$kdir"

if [ -n "$src_dir" ]; then
	[ -d "$src_dir" ] || die "--src $src_dir: no such directory"
	src_dir=$(cd "$src_dir" && pwd)
	if [ -d "$src_dir/drivers/accel/habanalabs" ]; then
		drv_rel=drivers/accel/habanalabs
		kconfig_sym=CONFIG_DRM_ACCEL_HABANALABS
	elif [ -d "$src_dir/drivers/misc/habanalabs" ]; then
		drv_rel=drivers/misc/habanalabs
		kconfig_sym=CONFIG_HABANA_AI
	else
		die "--src $src_dir contains neither drivers/misc/habanalabs nor drivers/accel/habanalabs"
	fi
	# Key the cache by the content of the driver and the uapi/trace headers.
	srchash=$(cd "$src_dir" &&
		{ find "$drv_rel" include/uapi/misc/habanalabs.h include/uapi/drm/habanalabs_accel.h \
			include/trace/events/habanalabs.h -type f 2>/dev/null || true; } |
		LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)
	key=src-$srchash
	out=$kdir/$key
	src_desc="user tree $src_dir"
else
	ensure_pkg "$source_pkg" "$image_ver"
	tarball=/usr/src/$source_pkg.tar.xz
	[ -f "$tarball" ] || die "$tarball missing although $source_pkg $image_ver is installed"
	# dpkg's recorded md5 of the tarball: cheap and changes with the package.
	srchash=$(awk -v f="usr/src/$source_pkg.tar.xz" '$2 == f { print $1 }' \
		"/var/lib/dpkg/info/$source_pkg.md5sums" 2>/dev/null | cut -c1-16)
	[ -n "$srchash" ] || srchash=$(sha256sum "$tarball" | cut -c1-16)
	key=debian-$image_ver-$srchash
	out=$kdir/$key
	src_desc="$source_pkg $image_ver"
fi

ko=$out/habanalabs.ko
stamp=$out/build.stamp
want_stamp="kver=$kver version=$image_ver src=$key sym=$kconfig_sym"

if [ $force = 0 ] && [ -f "$ko" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want_stamp" ]; then
	msg "cached: $ko ($src_desc, $kver)"
	echo "$ko"
	exit 0
fi

# Build in a temp dir next to the final one, rename into place at the end.
tmp=$(mktemp -d "$kdir/.build-$key.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

if [ -z "$src_dir" ]; then
	msg "extracting $drv_rel from $tarball (decompresses the whole tarball, ~30 s)"
	t0=$SECONDS
	top=$source_pkg
	mkdir -p "$tmp/src"
	tar -xJf "$tarball" -C "$tmp/src" --strip-components=1 \
		"$top/$drv_rel" \
		"$top/include/uapi/misc/habanalabs.h" \
		"$top/include/trace/events/habanalabs.h" \
		2>/dev/null ||
	tar -xJf "$tarball" -C "$tmp/src" --strip-components=1 "$top/$drv_rel" ||
		die "could not extract $top/$drv_rel from $tarball"
	[ -f "$tmp/src/$drv_rel/Makefile" ] || die "$tarball has no $drv_rel/Makefile"
	msg "extracted in $((SECONDS - t0)) s"
	build_src=$tmp/src
else
	mkdir -p "$tmp/src/$(dirname "$drv_rel")"
	cp -a "$src_dir/$drv_rel" "$tmp/src/$drv_rel"
	build_src=$tmp/src
fi

# The driver includes its uapi and trace headers through the kernel include
# path (<uapi/misc/habanalabs.h>, <trace/events/habanalabs.h>), i.e. from the
# headers package.  For Debian's source they must be identical; a user tree
# may carry newer ones, so its copies go first on the include path (only
# these files, never the tree's whole include/).
inc=$tmp/inc
mkdir -p "$inc"
common_inc=/usr/src/linux-headers-${kver%-amd64}-common/include
for h in uapi/misc/habanalabs.h uapi/drm/habanalabs_accel.h trace/events/habanalabs.h; do
	s=$build_src/include/$h
	[ -n "$src_dir" ] && s=$src_dir/include/$h
	[ -f "$s" ] || continue
	if [ -z "$src_dir" ] && [ -f "$common_inc/$h" ] && ! cmp -s "$s" "$common_inc/$h"; then
		die "version mismatch: include/$h differs between $src_desc and $headers_pkg $image_ver"
	fi
	mkdir -p "$inc/$(dirname "$h")"
	cp "$s" "$inc/$h"
done

msg "building habanalabs.ko for $kver from $src_desc ($drv_rel)"
t0=$SECONDS
log=$tmp/build.log
if ! make -C "$hdr" M="$build_src/$drv_rel" "$kconfig_sym=m" \
	NOSTDINC_FLAGS="-nostdinc -I$inc" \
	-j"$(nproc)" modules >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	die "module build failed (full log: kept at $kdir/last-build.log)"
fi
cp "$log" "$kdir/last-build.log"
built=$build_src/$drv_rel/habanalabs.ko
[ -f "$built" ] || die "build finished but $built is missing"
vermagic=$(modinfo -F vermagic "$built")
case $vermagic in
"$kver "*) ;;
*) die "version mismatch: built module vermagic '$vermagic' is not for $kver" ;;
esac
msg "built in $((SECONDS - t0)) s (vermagic: $vermagic)"

# Keep source and module together; swap in atomically.
mkdir -p "$tmp/final"
cp "$built" "$tmp/final/habanalabs.ko"
[ -n "$src_dir" ] || mv "$build_src" "$tmp/final/src"
cp "$log" "$tmp/final/build.log"
printf '%s\n' "$want_stamp" >"$tmp/final/build.stamp"
rm -rf "$out.old"
[ ! -e "$out" ] || mv "$out" "$out.old"
mv "$tmp/final" "$out"
rm -rf "$out.old"
# Drop the object files kept with the source (we only need the .ko).
if [ -d "$out/src" ]; then
	find "$out/src" \( -name '*.o' -o -name '*.cmd' -o -name '*.mod*' \
		-o -name 'modules.order' -o -name 'Module.symvers' \) -type f -delete 2>/dev/null || true
	find "$out/src" -name '.*.cmd' -type f -delete 2>/dev/null || true
fi
# "latest": the newest build from Debian's source (not from --src trees).
[ -n "$src_dir" ] || ln -sfn "$key" "$kdir/latest"
msg "cached: $ko"
echo "$ko"
