#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# Build the guest image (Debian stock kernel + initramfs with busybox, the
# habanalabs module, Goya firmware files and optional guest tools) into an
# output directory, default build/guest/<kernel series>/:
#   vmlinuz          the Debian kernel, copied out of its .deb
#   initramfs.cpio   newc cpio, uncompressed (the guest kernel would spend
#                    ~1.5 s of TCG time inflating a gzip one at every boot)
#   image.conf       what went in (versions, hashes)
#
# The kernel .debs (linux-image-<rel>, or linux-binary-<rel> +
# linux-modules-<rel> in the newer packaging) are fetched with 'apt-get
# download' into the cache and unpacked there with dpkg-deb -x
# (scripts/debian-kernel.sh); nothing is installed into /boot or
# /lib/modules of the host.  The output directory is replaced atomically.
set -euo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
cache=${GOYA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goya-emu}
series=6.1
out=
fw_dir=${GOYA_FIRMWARE:-}
tools_dir=
module=
init_script=$here/init
quiet=0

usage() {
	cat <<EOF
usage: $prog [options]
  --kernel K         6.1 (default): bookworm's stock kernel + habanalabs.ko
                     built by driver/kmod/build-module.sh;
                     6.12: bookworm-backports' stock kernel, newest: Debian
                     unstable's; both with their own shipped habanalabs.ko
                     (drivers/accel) and its deps
  --firmware DIR     directory with goya-fit.itb and goya-boot-fit.itb
                     (or DIR/habanalabs/goya/...); env GOYA_FIRMWARE
  --tools DIR        copied to /opt/goya in the guest (tests in DIR/tests/)
  --module FILE      use this habanalabs.ko instead of the default one
  --init FILE        guest /init (default: images/init)
  --out DIR          output directory (default: build/guest/<kernel>)
  -q, --quiet        fewer progress messages
Env: GOYA_CACHE (default \${XDG_CACHE_HOME:-\$HOME/.cache}/goya-emu)
EOF
}

msg() { [ "$quiet" = 1 ] || echo "==> $prog: $*" >&2; }
die() { echo "error: $prog: $*" >&2; exit 1; }

need_arg() { [ "$2" -ge 2 ] || die "$1 needs an argument"; }
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) need_arg "$1" $#; series=$2; shift 2 ;;
	--firmware) need_arg "$1" $#; fw_dir=$2; shift 2 ;;
	--tools) need_arg "$1" $#; tools_dir=$2; shift 2 ;;
	--module) need_arg "$1" $#; module=$2; shift 2 ;;
	--init) need_arg "$1" $#; init_script=$2; shift 2 ;;
	--out) need_arg "$1" $#; out=$2; shift 2 ;;
	--*=*) v=${1#*=}; k=${1%%=*}; shift; set -- "$k" "$v" "$@" ;;
	-q|--quiet) quiet=1; shift ;;
	-h|--help) usage; exit 0 ;;
	*) usage >&2; die "unknown argument '$1'" ;;
	esac
done

case $series in
6.1|6.12|newest) ;;
*) die "unknown --kernel '$series': expected 6.1 (bookworm), 6.12 (bookworm-backports) or newest (Debian unstable)" ;;
esac
[ -n "$out" ] || out=$top/build/guest/$series

for t in apt-get dpkg-deb cpio gzip xz modinfo readelf strip; do
	command -v "$t" >/dev/null 2>&1 || die "'$t' not found (run scripts/deps.sh)"
done
busybox=/bin/busybox
if [ ! -x "$busybox" ] || readelf -l "$busybox" 2>/dev/null | grep -q 'INTERP'; then
	die "$busybox is missing or not static: install package busybox-static (scripts/deps.sh)"
fi
[ -f "$init_script" ] || die "guest init script $init_script not found"

# Firmware: the driver requests habanalabs/goya/goya-fit.itb and
# habanalabs/goya/goya-boot-fit.itb.
[ -n "$fw_dir" ] ||
	die "no firmware given: pass --firmware DIR (or env GOYA_FIRMWARE) with goya-fit.itb and goya-boot-fit.itb (built by firmware-stub/)"
[ -d "$fw_dir" ] || die "--firmware $fw_dir: no such directory"
fw_src=
for d in "$fw_dir" "$fw_dir/habanalabs/goya" "$fw_dir/goya"; do
	if [ -f "$d/goya-fit.itb" ] && [ -f "$d/goya-boot-fit.itb" ]; then
		fw_src=$d; break
	fi
done
[ -n "$fw_src" ] ||
	die "--firmware $fw_dir lacks goya-fit.itb and/or goya-boot-fit.itb (looked in $fw_dir, $fw_dir/habanalabs/goya)"
[ -z "$tools_dir" ] || [ -d "$tools_dir" ] || die "--tools $tools_dir: no such directory"
if [ -n "$module" ]; then
	[ -f "$module" ] || die "--module $module: no such file"
	module=$(cd "$(dirname "$module")" && pwd)/$(basename "$module")
fi

# ---------------------------------------------------------------------------
# Kernel package: same derivation as the module build.
# shellcheck source=scripts/debian-kernel.sh
source "$top/scripts/debian-kernel.sh"
dk_resolve "$series"
kver=$DK_REL
kpkg_ver=$DK_VER
kpkg=$DK_IMAGE
msg "kernel: $kpkg $kpkg_ver ($DK_SUITE; files from $DK_FILES)"
kroot=$cache/kernel/$kver-$kpkg_ver
if [ ! -f "$kroot/.complete" ]; then
	msg "downloading and unpacking $DK_FILES into $kroot (dpkg-deb -x)"
	t0=$SECONDS
	# shellcheck disable=SC2086 # DK_FILES is a word list
	dk_unpack "$kroot" $DK_FILES
	msg "unpacked in $((SECONDS - t0)) s"
fi
# /boot/vmlinuz-<rel> up to 6.12; the 7.x linux-binary-* package keeps it
# in /usr/lib/modules/<rel>/vmlinuz.
vmlinuz=
for f in "$kroot/boot/vmlinuz-$kver" "$kroot/usr/lib/modules/$kver/vmlinuz" "$kroot/lib/modules/$kver/vmlinuz"; do
	[ -f "$f" ] && vmlinuz=$f && break
done
[ -n "$vmlinuz" ] || die "$DK_FILES has no boot/vmlinuz-$kver or usr/lib/modules/$kver/vmlinuz"
# Debian 6.1 ships modules in /lib/modules, 6.12 (usrmerge) in /usr/lib/modules.
moddir=
for d in "$kroot/lib/modules/$kver" "$kroot/usr/lib/modules/$kver"; do
	[ -d "$d" ] && moddir=$d && break
done
[ -n "$moddir" ] || die "$DK_FILES has no lib/modules/$kver"

# ---------------------------------------------------------------------------
# The habanalabs module.
if [ -z "$module" ]; then
	if [ "$series" = 6.1 ]; then
		kmlog=$(mktemp)
		if ! module=$("$top/driver/kmod/build-module.sh" --kernel 6.1 2>"$kmlog" | tail -n1) ||
			[ -z "$module" ]; then
			cat "$kmlog" >&2; rm -f "$kmlog"
			die "building habanalabs.ko failed (driver/kmod/build-module.sh)"
		fi
		[ "$quiet" = 1 ] || cat "$kmlog" >&2
		rm -f "$kmlog"
	else
		module=$(find "$moddir/kernel/drivers/accel/habanalabs" -name 'habanalabs.ko*' 2>/dev/null | head -n1)
		[ -n "$module" ] || die "$DK_FILES ($kpkg_ver) has no habanalabs module (kernel/drivers/accel/habanalabs/habanalabs.ko*): this kernel was built without the driver"
	fi
fi
msg "module: $module"

stage_parent=$(dirname "$out")
mkdir -p "$stage_parent"
tmp=$(mktemp -d "$stage_parent/.$(basename "$out").tmp.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,run,etc,root,usr/bin,usr/sbin,lib/firmware/habanalabs/goya} \
	"$root/lib/modules/$kver/goya"

# Put a module into the initramfs as plain, debug-stripped .ko (smaller
# image, faster boot; the kernel does not need the debug info).
put_ko() {
	local src=$1 dst=$2
	case $src in
	*.ko.xz) xz -dc "$src" >"$dst" ;;
	*.ko.zst) zstd -qdc "$src" >"$dst" ;;
	*.ko.gz) gzip -dc "$src" >"$dst" ;;
	*) cp "$src" "$dst" ;;
	esac
	# Signed modules: stripping would break the signature; they are usually
	# stripped already.  Strip only unsigned ones.
	if ! tail -c 28 "$dst" | grep -q 'Module signature appended'; then
		strip --strip-debug "$dst" 2>/dev/null || true
	fi
}

# Module name as the kernel sees it.
ko_name() { local n; n=$(basename "$1"); n=${n%%.ko*}; echo "${n//-/_}"; }

# Index the kernel package's modules by name (the .deb ships no
# modules.dep: depmod runs in its postinst).
declare -A kmods=()
while read -r p; do
	n=${p##*/}; n=${n%%.ko*}
	kmods[${n//-/_}]=$p
done < <(find "$moddir" -name '*.ko*' -type f)
find_in_kernel() {
	[ -n "${kmods[$1]:-}" ] || return 1
	echo "${kmods[$1]}"
}

# Resolve dependencies recursively (modinfo -F depends), depth first, so
# that load.list is in load order.
declare -A seen=()
load_order=()
add_module() {
	local file=$1 name deps d dfile
	name=$(ko_name "$file")
	[ -z "${seen[$name]:-}" ] || return 0
	seen[$name]=1
	put_ko "$file" "$root/lib/modules/$kver/goya/$name.ko"
	deps=$(modinfo -F depends "$root/lib/modules/$kver/goya/$name.ko" | tr ',' ' ')
	for d in $deps; do
		d=${d//-/_}
		[ -n "${seen[$d]:-}" ] && continue
		dfile=$(find_in_kernel "$d") ||
			die "module $name depends on $d, which is not in $kpkg"
		add_module "$dfile"
	done
	load_order+=("$name")
}
msg "resolving module dependencies"
mod_vermagic=$(modinfo -F vermagic "$module" 2>/dev/null || true)
case $mod_vermagic in
"$kver "*) ;;
*) die "version mismatch: $module has vermagic '${mod_vermagic:-?}', kernel is $kver" ;;
esac
add_module "$module"
[ "$(ko_name "$module")" = habanalabs ] || die "$module is not habanalabs.ko"
printf '%s\n' "${load_order[@]}" >"$root/lib/modules/$kver/goya/load.list"
msg "modules (load order): ${load_order[*]}"

# busybox: applet links are made by /init (busybox --install -s).
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 0755 "$init_script" "$root/init"

# Real lspci (pciutils) with its shared libraries, so 'lspci -nn' is the
# genuine output; /init falls back to a sysfs listing without it.
copy_with_libs() {
	local bin=$1 lib
	cp -L "$bin" "$root/usr/bin/"
	while read -r lib; do
		[ -n "$lib" ] || continue
		mkdir -p "$root$(dirname "$lib")"
		[ -e "$root$lib" ] || cp -L "$lib" "$root$lib"
	done < <(ldd "$bin" | grep -oE '/[^ ]+' | sort -u)
}
if command -v lspci >/dev/null 2>&1; then
	copy_with_libs "$(command -v lspci)"
	if [ -f /usr/share/misc/pci.ids ]; then
		mkdir -p "$root/usr/share/misc"
		cp /usr/share/misc/pci.ids "$root/usr/share/misc/"
	fi
else
	msg "note: lspci not found on the host (package pciutils); the guest uses a sysfs fallback"
fi

cp "$fw_src/goya-fit.itb" "$fw_src/goya-boot-fit.itb" "$root/lib/firmware/habanalabs/goya/"

if [ -n "$tools_dir" ]; then
	mkdir -p "$root/opt/goya"
	cp -a "$tools_dir/." "$root/opt/goya/"
fi

# /dev/console must exist before devtmpfs is mounted, or /init starts
# without stdio.  mknod needs root; /init also copes without it.
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true

sha() { sha256sum "$1" | cut -c1-16; }
cat >"$root/etc/goya-image.conf" <<EOF
kernel_series=$series
kernel_release=$kver
kernel_package=$kpkg
kernel_version=$kpkg_ver
module=$(basename "$module")
module_sha=$(sha "$module")
module_vermagic=$mod_vermagic
modules=${load_order[*]}
firmware_fit_sha=$(sha "$fw_src/goya-fit.itb")
firmware_boot_fit_sha=$(sha "$fw_src/goya-boot-fit.itb")
tools=${tools_dir:+$(cd "$tools_dir" && pwd)}
EOF

msg "writing initramfs (cpio newc, uncompressed)"
t0=$SECONDS
mkdir -p "$tmp/out"
(cd "$root" && find . -mindepth 1 | LC_ALL=C sort |
	cpio -o -H newc -R 0:0 --quiet) >"$tmp/out/initramfs.cpio"
cp "$vmlinuz" "$tmp/out/vmlinuz"
{
	cat "$root/etc/goya-image.conf"
	echo "initramfs_size=$(stat -c %s "$tmp/out/initramfs.cpio")"
	echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$tmp/out/image.conf"
msg "initramfs: $(( $(stat -c %s "$tmp/out/initramfs.cpio") / 1024 )) KiB in $((SECONDS - t0)) s"

# Swap in atomically.
rm -rf "$out.old"
[ ! -e "$out" ] || mv "$out" "$out.old"
mv "$tmp/out" "$out"
rm -rf "$out.old"
msg "image ready: $out (vmlinuz, initramfs.cpio, image.conf)"
echo "$out"
