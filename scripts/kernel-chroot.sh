#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# A minimal chroot of a kernel's own Debian suite for building its modules:
# unstable's headers need its compiler (gcc-N-for-host) and t64 libraries,
# which a bookworm host cannot install.  Made by mmdebstrap from Debian's
# packages with linux-headers-<rel> (+ -common, linux-kbuild-*), the
# compiler the headers depend on, and make; cached under
#   $GOYA_CACHE/chroot/<suite>-<kernel release>-<debian version>/
# and reused.  It is built in a temporary directory and renamed when
# complete, so an interrupted build is never reused: the next run removes
# the leftover and starts again.  Prints the chroot's directory.
#
# Usage: kernel-chroot.sh [--kernel newest|6.12|6.1] [--force]
set -euo pipefail

prog=${0##*/}
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
cache=${GOYA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goya-emu}
series=newest
force=0

msg() { echo "==> $prog: $*" >&2; }
die() { echo "error: $prog: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || die "--kernel needs an argument"; series=$2; shift 2 ;;
	--kernel=*) series=${1#*=}; shift ;;
	--force) force=1; shift ;;
	-h|--help) sed -n '3,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1'" ;;
	esac
done

# shellcheck source=scripts/debian-kernel.sh
source "$here/debian-kernel.sh"
dk_resolve "$series"

base=$cache/chroot
name=$DK_SUITE-$DK_REL-$DK_VER
dir=$base/$name
stamp=$dir/.goya-chroot
mkdir -p "$base"
exec 7>"$base/.lock"
flock 7

# Remove a directory a (possibly killed) mmdebstrap worked in: first
# unmount whatever it left mounted there (/proc, /sys, /dev binds), never
# cross into another file system.
remove_tree() {
	local d=$1 m
	[ -e "$d" ] || return 0
	while read -r m; do
		umount -l "$m" 2>/dev/null || true
	done < <(findmnt -rn -o TARGET | awk -v d="$d" 'index($0, d "/") == 1 || $0 == d' | sort -r)
	rm -rf --one-file-system "$d"
}

# Leftovers of interrupted builds: never reused.
for t in "$base"/.tmp-*; do
	[ -e "$t" ] || continue
	msg "removing the leftover of an interrupted chroot build: $t"
	remove_tree "$t"
done
if [ -d "$dir" ] && { [ $force = 1 ] || [ ! -f "$stamp" ]; }; then
	msg "removing $dir ($([ $force = 1 ] && echo --force || echo incomplete))"
	remove_tree "$dir"
fi
if [ -f "$stamp" ]; then
	echo "$dir"
	exit 0
fi

[ "$(id -u)" = 0 ] || die "building the $DK_SUITE chroot needs root (mmdebstrap, chroot)"
if ! command -v mmdebstrap >/dev/null 2>&1; then
	msg "installing mmdebstrap (host package, from the host's own suite)"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends mmdebstrap >&2 ||
		die "apt-get install mmdebstrap failed"
fi
mirror=$("$here/apt-sources.sh" --print-mirror) ||
	die "cannot derive a Debian mirror from this machine's apt sources"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
aptopts=(--aptopt='Acquire::Languages "none"')
# mmdebstrap's apt does not read the host's apt.conf: carry over whether
# Release files may be past their Valid-Until (a snapshot mirror).
eval "$(apt-config shell valid_until Acquire::Check-Valid-Until)"
[ "${valid_until:-}" != false ] || aptopts+=(--aptopt='Acquire::Check-Valid-Until "false"')

pkgs=(make)
for p in $DK_HEADERS; do pkgs+=("$p=$DK_VER"); done
[ -z "$DK_COMPILER" ] || pkgs+=("$DK_COMPILER")
include=$(IFS=,; echo "${pkgs[*]}")

tmp=$(mktemp -d "$base/.tmp-$name.XXXXXX")
trap 'remove_tree "$tmp"' EXIT
msg "building a $DK_SUITE chroot for $DK_REL (mmdebstrap, minbase + ${pkgs[*]}) in $tmp"
t0=$SECONDS
if ! mmdebstrap --variant=minbase --include="$include" "${aptopts[@]}" \
	--dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
	"$DK_SUITE" "$tmp/root" "deb [signed-by=$keyring] $mirror $DK_SUITE main" \
	>"$tmp/mmdebstrap.log" 2>&1; then
	tail -n 15 "$tmp/mmdebstrap.log" >&2
	cp "$tmp/mmdebstrap.log" "$base/last-mmdebstrap.log"
	die "mmdebstrap of $DK_SUITE failed (log: $base/last-mmdebstrap.log)"
fi
secs=$((SECONDS - t0))
got=$(chroot "$tmp/root" dpkg-query -W -f='${Version}' "linux-headers-$DK_REL" 2>/dev/null || true)
[ "$got" = "$DK_VER" ] ||
	die "version mismatch: the chroot has linux-headers-$DK_REL ${got:-(none)}, linux-image-amd64 needs $DK_VER"
[ -f "$tmp/root/usr/src/linux-headers-$DK_REL/Makefile" ] ||
	die "the chroot lacks /usr/src/linux-headers-$DK_REL/Makefile"
[ -e "$tmp/root/dev/null" ] || mknod -m 666 "$tmp/root/dev/null" c 1 3
mkdir -p "$tmp/root/work"
size=$(du -sm --one-file-system "$tmp/root" | cut -f1)
cc=$(chroot "$tmp/root" sh -c 'for c in /usr/bin/x86_64-linux-gnu-gcc-[0-9]*; do "$c" --version; done | head -n1' 2>/dev/null || true)
{
	echo "suite=$DK_SUITE"
	echo "kernel_release=$DK_REL"
	echo "kernel_version=$DK_VER"
	echo "packages=${pkgs[*]}"
	echo "compiler=$cc"
	echo "size_mb=$size"
	echo "build_seconds=$secs"
	echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$tmp/root/.goya-chroot"
mv "$tmp/root" "$dir"
msg "chroot ready in $secs s: $dir ($size MB, $cc)"
# Older chroots of this suite (an earlier unstable kernel): keep one.
# shellcheck disable=SC2012 # names are ours
{ ls -1dt "$base/$DK_SUITE"-*/ 2>/dev/null || true; } | tail -n +3 | while read -r d; do
	d=${d%/}
	[ "$d" = "$dir" ] || remove_tree "$d"
done
echo "$dir"
