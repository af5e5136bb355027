#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the unmodified upstream habanalabs driver out of tree against a
# Debian stock kernel's headers, and cache the result under
#   ${GOYA_CACHE:-$HOME/.cache/goya-emu}/kmod/<kernel release>/<source key>/
#
# Default: Debian bookworm's stock 6.1 kernel; 6.12: bookworm-backports';
# newest: Debian unstable's.  The kernel ABI is the one linux-image-amd64
# depends on; source (linux-source-X.Y) and headers (linux-headers-<abi>)
# must be of exactly the same Debian version.  They are downloaded and
# unpacked into the cache; newest's module is built in a chroot of unstable
# (scripts/kernel-chroot.sh), whose compiler the headers need.
#
# Progress goes to stderr; the last line on stdout is the path of the
# cached habanalabs.ko.  Nothing is installed into the host's /lib/modules
# or /boot.
#
# Builds are incremental: the (patched) source is staged into a persistent
# work tree per source (kmod/<kver>/work/<key>/) and only files whose
# content changed are replaced, so kbuild recompiles just those.
#
# Usage: build-module.sh [--kernel 6.1|6.12|newest] [--src DIR] [--patch FILE]..
#                        [--force] [--print-kver] [--export-src DIR]
set -euo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
cache=${GOYA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goya-emu}
series=6.1
src_dir=
force=0
print_kver=0
headers_only=0
print_uapi=0
any_version=0
export_dir=
patches=()

usage() {
	cat <<EOF
usage: $prog [options]
  --kernel K         6.1 (default): bookworm's linux-image-amd64;
                     6.12: linux-image-amd64 from bookworm-backports;
                     newest: Debian unstable's linux-image-amd64 (module
                     built in a cached chroot of unstable)
  --src DIR          build from a user kernel tree (or a partial copy of one)
                     containing drivers/misc/habanalabs (Linux <= 6.2, for
                     --kernel 6.1) or drivers/accel/habanalabs (>= 6.3, for
                     --kernel 6.12|newest) instead of Debian's linux-source package
  --patch FILE       apply FILE (patch -p1, git format-patch style) to a copy
                     of the source before building; repeatable
  --any-version      build a --src tree whose top Makefile names another
                     kernel series than --kernel (layouts must still match)
  --export-src DIR   write the (patched) driver source to DIR/drivers/...
                     (+ its uapi/trace headers), for editing and --src; exit
  --force            rebuild from scratch even if the cache is valid
  --print-kver       print "<kernel release> <debian version>" and exit
  --headers-only     download and unpack the kernel headers only and print
                     their directory (nothing is installed)
  --print-uapi       the same, but print the headers' include/uapi (libhl
                     takes drm/habanalabs_accel.h from there)
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
	--patch) [ $# -ge 2 ] || die "--patch needs an argument"; patches+=("$2"); shift 2 ;;
	--patch=*) patches+=("${1#*=}"); shift ;;
	--export-src) [ $# -ge 2 ] || die "--export-src needs an argument"; export_dir=$2; shift 2 ;;
	--export-src=*) export_dir=${1#*=}; shift ;;
	--any-version) any_version=1; shift ;;
	--headers-only) headers_only=1; shift ;;
	--print-uapi) print_uapi=1; shift ;;
	--force) force=1; shift ;;
	--print-kver) print_kver=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
done

# ---------------------------------------------------------------------------
# Versions, all derived from Debian's package lists (scripts/debian-kernel.sh):
# the kernel release linux-image-amd64 depends on, its headers and source of
# exactly the same Debian version.  Packages are downloaded into the cache
# and unpacked there (or into a chroot of the kernel's suite), never
# installed on the host.
# shellcheck source=scripts/debian-kernel.sh
source "$here/../../scripts/debian-kernel.sh"
dk_resolve "$series"
kver=$DK_REL
image_ver=$DK_VER
headers_pkg=linux-headers-$kver
source_pkg=$DK_SOURCE

if [ $print_kver = 1 ]; then
	echo "$kver $image_ver"
	exit 0
fi

# Headers.  Host suites: linux-headers-<rel> + -common + linux-kbuild-*
# unpacked into one directory; the arch headers' Makefile includes the
# common one by its absolute /usr/src path, so make is pointed at the
# unpacked common Makefile directly (-f; kbuild takes srctree from the
# Makefile's own location, objtree from -C).  Newer suites: the headers
# are installed in a chroot of the suite with their compiler.
# Done after the --src checks and the cache lookup, so that a tree that
# does not fit is refused before a chroot is built or headers are
# downloaded, and a cached module needs neither.
setup_headers() {
	chroot_dir=
	if [ "$DK_CHROOT" = 1 ]; then
		chroot_dir=$("$here/../../scripts/kernel-chroot.sh" --kernel "$series") ||
			die "no build chroot for $kver"
		hdr_in=/usr/src/linux-headers-$kver
		hdr=$chroot_dir$hdr_in
		[ -f "$hdr/Makefile" ] || die "$hdr/Makefile missing in the chroot $chroot_dir"
		make_hdr=(-C "$hdr_in")
		common_inc=$chroot_dir$(sed -n 's|^include \(/.*\)/Makefile$|\1|p' "$hdr/Makefile")/include
	else
		hroot=$cache/kheaders/$kver-$image_ver
		# shellcheck disable=SC2086 # DK_HEADERS is a word list
		dk_unpack "$hroot" $DK_HEADERS
		hdr=$hroot/usr/src/linux-headers-$kver
		[ -f "$hdr/Makefile" ] || die "$headers_pkg $image_ver has no usr/src/linux-headers-$kver/Makefile"
		common=$(sed -n 's|^include \(/.*\)/Makefile$|\1|p' "$hdr/Makefile")
		if [ -n "$common" ]; then
			common=$hroot$common
			[ -f "$common/Makefile" ] || die "$hdr/Makefile includes $common/Makefile, which none of $DK_HEADERS has"
			make_hdr=(-C "$hdr" -f "$common/Makefile")
		else
			common=$hdr
			make_hdr=(-C "$hdr")
		fi
		common_inc=$common/include
	fi
	hdr_rel=$(sed -n 's/^override KERNELRELEASE = //p' "$hdr/.kernelvariables" 2>/dev/null || true)
	if [ -z "$hdr_rel" ] && [ -f "$hdr/include/generated/utsrelease.h" ]; then
		hdr_rel=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$hdr/include/generated/utsrelease.h")
	fi
	[ -z "$hdr_rel" ] || [ "$hdr_rel" = "$kver" ] ||
		die "version mismatch: $hdr is for kernel release $hdr_rel, image is $kver"
	if [ $headers_only = 1 ]; then
		echo "$hdr"
		exit 0
	fi
	if [ $print_uapi = 1 ]; then
		[ -d "$common_inc/uapi" ] || die "no include/uapi in $headers_pkg's common headers"
		echo "$common_inc/uapi"
		exit 0
	fi
}
if [ $headers_only = 1 ] || [ $print_uapi = 1 ]; then
	setup_headers
fi

# Which config symbol and directory the driver has in this series.
if [ "$DK_XY" = 6.1 ]; then
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

# Files outside the driver directory that the driver build uses.
extra_headers="include/uapi/misc/habanalabs.h include/uapi/drm/habanalabs_accel.h include/trace/events/habanalabs.h"

# "Linux X.Y" from a tree's top Makefile ('' if it has none)
tree_version() {
	[ -f "$1/Makefile" ] || return 0
	awk '/^VERSION *=/ { v = $3 } /^PATCHLEVEL *=/ { p = $3 }
		END { if (v != "") print v "." p }' "$1/Makefile"
}
# 1 if version $1 (X.Y) is >= 6.3 (drivers/accel era)
is_accel_era() { awk -v v="$1" 'BEGIN { split(v, a, "."); exit !(a[1] > 6 || (a[1] == 6 && a[2] >= 3)) }'; }

if [ -n "$src_dir" ]; then
	[ -d "$src_dir" ] || die "--src $src_dir: no such directory"
	src_dir=$(cd "$src_dir" && pwd)
	has_misc=0 has_accel=0
	[ -f "$src_dir/drivers/misc/habanalabs/Makefile" ] && has_misc=1
	[ -f "$src_dir/drivers/accel/habanalabs/Makefile" ] && has_accel=1
	tver=$(tree_version "$src_dir")
	if [ $has_misc = 0 ] && [ $has_accel = 0 ]; then
		found="not a kernel tree (no top-level Makefile with VERSION/PATCHLEVEL)"
		[ -z "$tver" ] || found="a Linux $tver tree"
		if [ -f "$src_dir/common/habanalabs.h" ] || [ -f "$src_dir/common/habanalabs_drv.c" ]; then
			found="the habanalabs driver directory itself; pass the top of the tree that contains drivers/misc/habanalabs or drivers/accel/habanalabs"
		elif [ -d "$src_dir/drivers/misc" ] || [ -d "$src_dir/drivers/accel" ]; then
			found="$found whose drivers/ has $(cd "$src_dir/drivers" && { ls -d misc accel 2>/dev/null || true; } | tr '\n' ' ')but no habanalabs driver in them"
		fi
		die "--src $src_dir has no habanalabs driver: found $found; expected drivers/misc/habanalabs (Linux <= 6.2) or drivers/accel/habanalabs (Linux >= 6.3)"
	fi
	if [ $has_accel = 1 ]; then
		drv_rel=drivers/accel/habanalabs
		kconfig_sym=CONFIG_DRM_ACCEL_HABANALABS
	else
		drv_rel=drivers/misc/habanalabs
		kconfig_sym=CONFIG_HABANA_AI
	fi
	[ $has_misc = 0 ] || [ $has_accel = 0 ] ||
		msg "note: --src has both drivers/misc/habanalabs and drivers/accel/habanalabs; using $drv_rel"
	# The kernel's driver API moved with the directory: the misc driver
	# builds only against 6.1 headers, the accel driver only against 6.12.
	case $DK_XY:$drv_rel in
	6.1:drivers/accel/*)
		die "layout mismatch: --src $src_dir has $drv_rel${tver:+ (Linux $tver)}, the >= 6.3 accel driver, but --kernel 6.1 needs drivers/misc/habanalabs; use --kernel 6.12 or newest" ;;
	6.1:*) ;;
	*:drivers/misc/*)
		die "layout mismatch: --src $src_dir has $drv_rel${tver:+ (Linux $tver)}, the <= 6.2 misc driver, but --kernel $series ($kver) needs drivers/accel/habanalabs; use --kernel 6.1" ;;
	esac
	if [ -n "$tver" ] && [ "$tver" != "$DK_XY" ] && [ "$any_version" = 0 ]; then
		die "version mismatch: --src $src_dir is Linux $tver, the guest kernel --kernel $series is $DK_XY ($kver); its driver may not build against $headers_pkg (pass --any-version to try anyway)"
	fi
	src_root=$src_dir
	src_desc="user tree $src_dir"
	# Key the cache by the content of the driver and the uapi/trace headers.
	# shellcheck disable=SC2086 # extra_headers is a word list
	srchash=$(cd "$src_dir" &&
		{ find "$drv_rel" $extra_headers -type f \
			! -name '*.o' ! -name '*.ko' ! -name '.*.cmd' ! -name '*.mod' \
			! -name '*.mod.c' ! -name modules.order ! -name Module.symvers \
			2>/dev/null || true; } |
		LC_ALL=C sort | xargs -r sha256sum | sha256sum | cut -c1-16)
	key=src-$srchash
	wkey=src-$(printf '%s' "$src_dir" | sha256sum | cut -c1-12)
else
	# linux-source-X.Y (a .deb holding usr/src/linux-source-X.Y.tar.xz):
	# downloaded into the cache, never installed.
	source_deb=$(dk_fetch "$source_pkg" "$image_ver")
	tarball=usr/src/$source_pkg.tar.xz
	# the package's recorded md5 of the tarball: cheap, changes with it
	srchash=$(dpkg-deb --info "$source_deb" md5sums 2>/dev/null |
		awk -v f="$tarball" '$2 == f { print $1 }' | cut -c1-16)
	[ -n "$srchash" ] || srchash=$(sha256sum "$source_deb" | cut -c1-16)
	key=debian-$image_ver-$srchash
	wkey=debian-$image_ver
	src_desc="$source_pkg $image_ver"
	# The pristine driver source, extracted once (the whole tarball is
	# decompressed: ~30 s for 6.1, ~45 s for 6.12) and kept.
	src_root=$kdir/debian-src/$image_ver-$srchash
	if [ ! -f "$src_root/.complete" ]; then
		rm -rf "$src_root.tmp"
		mkdir -p "$src_root.tmp"
		if [ -f "$kdir/$key/src/$drv_rel/Makefile" ]; then
			# an earlier build kept its source: no need to decompress again
			cp -a "$kdir/$key/src/." "$src_root.tmp/"
		else
			msg "extracting $drv_rel from $(basename "$source_deb") (decompresses the whole tarball, ~30-60 s; once)"
			t0=$SECONDS
			top=$source_pkg
			if [ "$DK_XY" = 6.1 ]; then
				hdrs=(include/uapi/misc/habanalabs.h include/trace/events/habanalabs.h)
			else
				hdrs=(include/uapi/drm/habanalabs_accel.h include/trace/events/habanalabs.h)
			fi
			# (missing members are reported after the whole tarball is read)
			dpkg-deb --fsys-tarfile "$source_deb" | tar -xO "./$tarball" |
				tar -xJ -C "$src_root.tmp" --strip-components=1 \
				"$top/$drv_rel" "${hdrs[@]/#/$top/}" 2>"$src_root.tmp.log" || true
			msg "extracted in $((SECONDS - t0)) s"
		fi
		[ -f "$src_root.tmp/$drv_rel/Makefile" ] || {
			rm -rf "$src_root.tmp"
			die "$source_pkg $image_ver has no $drv_rel (no habanalabs driver in $tarball of $(basename "$source_deb"))"
		}
		rm -f "$src_root.tmp.log"
		touch "$src_root.tmp/.complete"
		rm -rf "$src_root"
		mv "$src_root.tmp" "$src_root"
	fi
fi

# Patches: applied to a copy, never to the source tree.
patch_files=()
if [ ${#patches[@]} -gt 0 ]; then
	for p in "${patches[@]}"; do
		[ -f "$p" ] || die "--patch $p: no such file"
		patch_files+=("$(cd "$(dirname "$p")" && pwd)/$(basename "$p")")
	done
	phash=$(cat "${patch_files[@]}" | sha256sum | cut -c1-12)
	key=$key-p$phash
	src_desc="$src_desc + ${#patch_files[@]} patch(es)"
fi

if [ -n "$export_dir" ]; then
	# Give the user a tree of the (patched) driver to edit and --src.
	[ ! -e "$export_dir/$drv_rel" ] || die "--export-src: $export_dir/$drv_rel exists already"
	mkdir -p "$export_dir/$(dirname "$drv_rel")"
	cp -a "$src_root/$drv_rel" "$export_dir/$drv_rel"
	for h in $extra_headers; do
		[ -f "$src_root/$h" ] || continue
		mkdir -p "$export_dir/$(dirname "$h")"
		cp -a "$src_root/$h" "$export_dir/$h"
	done
	for p in "${patch_files[@]}"; do
		patch -d "$export_dir" -p1 --batch --forward --quiet <"$p" >&2 ||
			die "patch $p does not apply to $src_desc"
	done
	msg "exported $drv_rel of $src_desc to $export_dir"
	echo "$export_dir"
	exit 0
fi

out=$kdir/$key
ko=$out/habanalabs.ko
stamp=$out/build.stamp
want_stamp="kver=$kver version=$image_ver src=$key sym=$kconfig_sym"

if [ $force = 0 ] && [ -f "$ko" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want_stamp" ]; then
	msg "cached: $ko ($src_desc, $kver)"
	echo "$ko"
	exit 0
fi

setup_headers

# ---------------------------------------------------------------------------
# Stage: driver + headers (+ patches) into a fresh copy; then move only the
# files whose content changed into the persistent work tree, so that
# kbuild rebuilds just those objects (incremental builds).

tmp=$(mktemp -d "$kdir/.build-$key.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
stage=$tmp/stage
mkdir -p "$stage/src/$(dirname "$drv_rel")" "$stage/inc"
cp -a "$src_root/$drv_rel" "$stage/src/$drv_rel"
# build artefacts of a user's own in-tree build are not source
find "$stage/src/$drv_rel" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \
	-o -name '*.mod' -o -name '*.mod.c' -o -name modules.order \
	-o -name Module.symvers \) -type f -delete
for h in $extra_headers; do
	[ -f "$src_root/$h" ] || continue
	mkdir -p "$stage/src/$(dirname "$h")"
	cp -a "$src_root/$h" "$stage/src/$h"
done
for p in "${patch_files[@]}"; do
	msg "applying $(basename "$p")"
	patch -d "$stage/src" -p1 --batch --forward --no-backup-if-mismatch <"$p" >"$tmp/patch.log" 2>&1 || {
		cat "$tmp/patch.log" >&2
		die "patch $p does not apply to $src_desc ($drv_rel)"
	}
	find "$stage/src" -name '*.orig' -type f -delete
done

# The driver includes its uapi and trace headers through the kernel include
# path (<uapi/misc/habanalabs.h>, <trace/events/habanalabs.h>), i.e. from the
# headers package.  For Debian's source they must be identical; a user tree
# may carry newer ones, so its copies go first on the include path (only
# these files, never the tree's whole include/).
for h in $extra_headers; do
	s=$stage/src/$h
	[ -f "$s" ] || continue
	if [ -z "$src_dir" ] && [ ${#patch_files[@]} = 0 ] &&
		[ -f "$common_inc/$h" ] && ! cmp -s "$s" "$common_inc/$h"; then
		die "version mismatch: include/$h differs between $src_desc and $headers_pkg $image_ver"
	fi
	h=${h#include/}
	mkdir -p "$stage/inc/$(dirname "$h")"
	cp "$s" "$stage/inc/$h"
done

# One work tree per source (Debian version, or --src path), whatever the
# patches: switching patch sets recompiles only the files they touch.
# Builds of the same source take turns.  For a chroot build the work trees
# live inside the chroot (/work/...), where its make and compiler see them.
if [ -n "$chroot_dir" ]; then
	workbase=$chroot_dir/work
	work_in=/work/$wkey
else
	workbase=$kdir/work
	work_in=$workbase/$wkey
fi
work=$workbase/$wkey
mkdir -p "$workbase"
exec 9>"$work.lock"
flock 9
[ $force = 0 ] || rm -rf "$work"
mkdir -p "$work/src" "$work/inc"
# sync_tree STAGE WORK: copy new/changed files (new mtime -> rebuilt),
# delete files gone from STAGE; build outputs in WORK are left alone.
sync_tree() {
	local from=$1 to=$2 line a b n=0
	while IFS= read -r line; do
		case $line in
		"Files "*" differ")
			a=${line#Files }; a=${a%% and *}
			b=${line#* and }; b=${b% differ}
			cp "$a" "$b"; n=$((n + 1)) ;;
		"Only in $from"*)
			a=${line#Only in }; a="${a%%: *}/${line##*: }"
			b=$to${a#"$from"}
			mkdir -p "$(dirname "$b")"
			cp -a "$a" "$b"
			[ -d "$b" ] || touch "$b"
			[ ! -d "$b" ] || find "$b" -type f -exec touch {} +
			n=$((n + 1)) ;;
		"Only in $to"*)
			a=${line#Only in }; a="${a%%: *}/${line##*: }"
			rm -rf "$a"; n=$((n + 1)) ;;
		esac
	done < <(LC_ALL=C diff -rq -x '*.o' -x '*.ko' -x '.*.cmd' -x '*.mod' -x '*.mod.c' \
		-x '*.mod.o' -x modules.order -x Module.symvers -x '.*.d' -x '.tmp*' \
		-x '.module-common.o' "$from" "$to" || true)
	echo "$n"
}
nsrc=$(sync_tree "$stage/src" "$work/src")
ninc=$(sync_tree "$stage/inc" "$work/inc")
msg "work tree $work: $nsrc source / $ninc header file(s) changed since its last build"

msg "building habanalabs.ko for $kver from $src_desc ($drv_rel)"
t0=$SECONDS
log=$tmp/build.log
run_make=(make)
# In the chroot: objtool reads /proc/self; a private mount and PID
# namespace gives it one that vanishes with the build (nothing is left
# mounted, even if the build is killed).
[ -z "$chroot_dir" ] ||
	run_make=(unshare --fork --pid --mount-proc="$chroot_dir/proc" chroot "$chroot_dir"
		/usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/ LC_ALL=C.UTF-8 make)
# Debian's >= 6.12 headers ship vmlinux with CONFIG_DEBUG_INFO_BTF_MODULES,
# so kbuild runs pahole on the module; a host without dwarves (pahole is
# not in the host packages, and the headers are unpacked, not installed
# with their dependencies) builds it without the .BTF section instead: the
# driver code is the same, only BTF-based tracing tools lose its types.
if [ -z "$chroot_dir" ] && ! command -v pahole >/dev/null 2>&1; then
	msg "no pahole on the host: module built without BTF type info"
	run_make+=(CONFIG_DEBUG_INFO_BTF_MODULES=)
fi
if ! "${run_make[@]}" "${make_hdr[@]}" M="$work_in/src/$drv_rel" "$kconfig_sym=m" \
	NOSTDINC_FLAGS="-nostdinc -I$work_in/inc" \
	-j"$(nproc)" modules >"$log" 2>&1; then
	cp "$log" "$kdir/last-build.log"
	tail -n 40 "$log" >&2
	die "module build failed (full log: $kdir/last-build.log)"
fi
cp "$log" "$kdir/last-build.log"
built=$work/src/$drv_rel/habanalabs.ko
[ -f "$built" ] || die "build finished but $built is missing"
vermagic=$(modinfo -F vermagic "$built")
case $vermagic in
"$kver "*) ;;
*) die "version mismatch: built module vermagic '$vermagic' is not for $kver" ;;
esac
ncc=$(grep -c '^ *CC \[M\]' "$log" || true)
msg "built in $((SECONDS - t0)) s ($ncc file(s) compiled; vermagic: $vermagic)"

# Keep source (Debian builds) and module together; swap in atomically.
mkdir -p "$tmp/final"
cp "$built" "$tmp/final/habanalabs.ko"
[ -n "$src_dir" ] || mv "$stage/src" "$tmp/final/src"
cp "$log" "$tmp/final/build.log"
printf '%s\n' "$want_stamp" >"$tmp/final/build.stamp"
printf 'work=%s\n' "$work" >"$tmp/final/build.info"
for p in "${patch_files[@]}"; do printf 'patch=%s\n' "$p"; done >>"$tmp/final/build.info"
rm -rf "$out.old"
[ ! -e "$out" ] || mv "$out" "$out.old"
mv "$tmp/final" "$out"
rm -rf "$out.old"
# "latest": the newest build from Debian's unpatched source.
[ -n "$src_dir" ] || [ ${#patch_files[@]} != 0 ] || ln -sfn "$key" "$kdir/latest"
# Work trees (~60-70 MB each, one per source tree): keep the 6 used last.
touch "$work"
# shellcheck disable=SC2012 # names are ours, no odd characters
{ ls -1dt "$workbase"/*/ 2>/dev/null || true; } | tail -n +7 | while read -r d; do
	d=${d%/}
	[ "$d" = "$work" ] || rm -rf "$d" "$d.lock"
done
# Each edit of a --src tree makes a new src-<hash> module: keep the newest 8.
# shellcheck disable=SC2012 # names are ours, no odd characters
# (ls fails when there is none yet: not an error under pipefail)
{ ls -1dt "$kdir"/src-* 2>/dev/null || true; } | tail -n +9 | xargs -r rm -rf
msg "cached: $ko"
echo "$ko"
