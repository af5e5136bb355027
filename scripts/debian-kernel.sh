# SPDX-License-Identifier: GPL-2.0-or-later
# Debian kernel packages for the guest: resolve, download, unpack.
# Sourced by driver/kmod/build-module.sh and images/build-image.sh; nothing
# here installs a package on the host.
#
#   dk_resolve SERIES      6.1 (bookworm), 6.12 (bookworm-backports) or
#                          newest (unstable's linux-image-amd64); sets DK_*
#   dk_fetch PKG VER       download PKG=VER into $cache/debs; prints the .deb
#   dk_unpack DIR PKG..    dpkg-deb -x PKG(s) (at DK_VER) into DIR, atomically
#   dk_apt_get/dk_apt_cache ARGS   apt with the suite's apt state
#
# Suites the host uses (bookworm; bookworm-backports, added by
# scripts/apt-sources.sh) are read through the host's apt.  Any other suite
# (unstable) gets a private apt state under $cache/apt/<suite>/ with a
# sources list derived from the host's mirror (scripts/apt-sources.sh
# --print-mirror): the host's sources and lists are never touched for it.
# shellcheck shell=bash

: "${cache:=${GOYA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goya-emu}}"
dk_here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
dk_apt_opts=()

# dk_die MSG: the caller's die() if it has one
dk_die() {
	if declare -F die >/dev/null; then die "$*"; fi
	echo "error: $*" >&2
	exit 1
}
dk_msg() {
	if declare -F msg >/dev/null; then msg "$*"; else echo "==> $*" >&2; fi
}

dk_apt_cache() { apt-cache "${dk_apt_opts[@]}" "$@"; }
dk_apt_get() { apt-get "${dk_apt_opts[@]}" "$@"; }

# Set up (and refresh when older than GOYA_APT_MAX_AGE seconds, default
# 6 h) the private apt state of SUITE; sets dk_apt_opts.  (Its binary
# caches are kept even where the host's apt.conf disables them: every
# apt-cache call would otherwise re-parse unstable's 60 MB Packages.)
dk_private_apt() {
	local suite=$1 st mirror keyring age max=${GOYA_APT_MAX_AGE:-21600}
	st=$cache/apt/$suite
	keyring=/usr/share/keyrings/debian-archive-keyring.gpg
	mkdir -p "$st/lists/partial" "$st/archives/partial" "$st/etc/preferences.d" \
		"$st/etc/sources.list.d"
	[ -f "$st/status" ] || : >"$st/status"
	dk_apt_opts=(-o "Dir::State::Lists=$st/lists" -o "Dir::State::Status=$st/status"
		-o "Dir::Etc::SourceList=$st/etc/sources.list"
		-o "Dir::Etc::SourceParts=$st/etc/sources.list.d"
		-o "Dir::Etc::Preferences=$st/etc/preferences"
		-o "Dir::Etc::PreferencesParts=$st/etc/preferences.d"
		-o "Dir::Cache=$st" -o "Dir::Cache::archives=$st/archives"
		-o "Dir::Cache::pkgcache=pkgcache.bin" -o "Dir::Cache::srcpkgcache=srcpkgcache.bin"
		-o "APT::Architecture=amd64" -o "APT::Architectures=amd64"
		-o "Acquire::Languages=none")
	exec 8>"$st/.lock"
	flock 8
	if [ ! -f "$st/etc/sources.list" ]; then
		mirror=$("$dk_here/apt-sources.sh" --print-mirror) ||
			dk_die "cannot derive a Debian mirror for $suite from this machine's apt sources"
		[ -f "$keyring" ] || dk_die "$keyring missing (package debian-archive-keyring)"
		printf '# goya-emu private apt state for %s (mirror from the host'"'"'s apt config)\ndeb [signed-by=%s] %s %s main\n' \
			"$suite" "$keyring" "$mirror" "$suite" >"$st/etc/sources.list.tmp"
		mv "$st/etc/sources.list.tmp" "$st/etc/sources.list"
	fi
	age=$max
	[ ! -f "$st/updated" ] || age=$(($(date +%s) - $(stat -c %Y "$st/updated")))
	if [ "$age" -ge "$max" ]; then
		dk_msg "apt-get update for $suite (private state $st)"
		if apt-get "${dk_apt_opts[@]}" -q update >"$st/update.log" 2>&1 &&
			! grep -q '^\(W\|E\): Failed to fetch' "$st/update.log"; then
			touch "$st/updated"
		elif [ -f "$st/updated" ]; then
			dk_msg "warning: apt-get update for $suite failed ($st/update.log); using package lists from $(date -u -r "$st/updated" +%Y-%m-%dT%H:%MZ)"
		else
			tail -n 5 "$st/update.log" >&2
			flock -u 8
			dk_die "cannot read the package lists of Debian $suite (apt-get update failed, see $st/update.log)"
		fi
	fi
	flock -u 8
}

# Highest version of PKG ('' if none)
dk_pkg_version() {
	dk_apt_cache show "$1" 2>/dev/null | awk '/^Version:/ { print $2 }' | sort -V | tail -n 1
}
# Depends: of PKG at VER, one package name per line (alternatives too)
dk_depends() {
	dk_apt_cache show "$1=$2" 2>/dev/null |
		awk '/^Package:/ { n++ } n == 1 && /^Depends:/ { sub(/^Depends:/, ""); print; exit }' |
		tr ',|' '\n\n' | awk '{ print $1 }' | sed '/^$/d'
}

# dk_resolve SERIES: sets
#   DK_SERIES  as asked (6.1, 6.12, newest)    DK_SUITE  Debian suite
#   DK_REL     kernel release (uname -r)       DK_VER    Debian version
#   DK_XY      upstream X.Y of the kernel      DK_IMAGE  linux-image-<rel>
#   DK_FILES   packages holding vmlinuz and the modules (the image, or
#              linux-binary-* + linux-modules-* in the newer split)
#   DK_HEADERS headers-<rel> + its -common and linux-kbuild-* dependencies
#   DK_COMPILER the compiler package the headers depend on
#   DK_SOURCE  linux-source-<X.Y>
#   DK_CHROOT  1: modules are built in a chroot of DK_SUITE (its compiler
#              and libraries are newer than the host's)
dk_resolve() {
	local meta_filter
	DK_SERIES=$1
	case $DK_SERIES in
	6.1) DK_SUITE=bookworm; DK_CHROOT=0; meta_filter=host-nobpo ;;
	6.12) DK_SUITE=bookworm-backports; DK_CHROOT=0; meta_filter=host-bpo ;;
	newest) DK_SUITE=unstable; DK_CHROOT=1; meta_filter=any ;;
	*) dk_die "unknown --kernel '$DK_SERIES': expected 6.1 (bookworm), 6.12 (bookworm-backports) or newest (Debian unstable)" ;;
	esac
	local lists
	if [ "$meta_filter" = any ]; then
		dk_private_apt "$DK_SUITE"
		lists=$cache/apt/$DK_SUITE/lists
	else
		dk_apt_opts=()
		eval "$(apt-config shell lists Dir::State::Lists/d)"
	fi
	# The answer only changes with the package lists: keep it per state of
	# the lists (each apt-cache call parses them all again, ~1-2 s, much
	# more on a loaded machine, where the host's apt.conf disables apt's
	# binary cache).
	local key memo
	key=$(find "${lists:-/var/lib/apt/lists}" -maxdepth 1 -name '*_Packages*' \
		-printf '%f %T@ %s\n' 2>/dev/null | sort | sha256sum | cut -c1-16)
	memo=$cache/apt/resolved/$DK_SERIES-$key
	if [ -f "$memo" ]; then
		# shellcheck disable=SC1090 # written below
		source "$memo"
		return 0
	fi
	# linux-image-amd64 versions -> the linux-image-<rel>-amd64 it depends on
	local line v p
	DK_IMAGE=
	while read -r v p; do
		case $meta_filter:$v in
		host-nobpo:*bpo*) continue ;;
		host-bpo:*bpo*) ;;
		host-bpo:*) continue ;;
		esac
		DK_IMAGE=$p
		break
	done < <(dk_apt_cache show linux-image-amd64 2>/dev/null | awk '
		/^Version:/ { v = $2 }
		/^Depends:/ { if (match($0, /linux-image-[0-9][^ ,]*-amd64/))
				print v, substr($0, RSTART, RLENGTH) }' | sort -r -V)
	case $DK_SERIES:$DK_IMAGE in
	*:) dk_die "no linux-image-amd64 for --kernel $DK_SERIES in Debian $DK_SUITE's package lists$([ "$meta_filter" = any ] || echo "; run scripts/apt-sources.sh and apt-get update")" ;;
	6.1:linux-image-6.1.*|6.12:linux-image-6.12.*|newest:*) ;;
	*) dk_die "linux-image-amd64 of $DK_SUITE depends on $DK_IMAGE, not a $DK_SERIES kernel" ;;
	esac
	DK_REL=${DK_IMAGE#linux-image-}
	DK_XY=$(echo "$DK_REL" | sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p')
	DK_VER=$(dk_pkg_version "$DK_IMAGE")
	[ -n "$DK_VER" ] || dk_die "apt knows no version of $DK_IMAGE"
	# The newer packaging: linux-image-<rel> only depends on
	# linux-binary-<rel> (vmlinuz) and linux-modules-<rel>.
	local deps
	deps=$(dk_depends "$DK_IMAGE" "$DK_VER")
	DK_FILES=$DK_IMAGE
	if echo "$deps" | grep -qx "linux-binary-$DK_REL"; then
		DK_FILES="linux-binary-$DK_REL"
		! echo "$deps" | grep -qx "linux-modules-$DK_REL" || DK_FILES="$DK_FILES linux-modules-$DK_REL"
	fi
	deps=$(dk_depends "linux-headers-$DK_REL" "$DK_VER")
	[ -n "$deps" ] || dk_die "Debian $DK_SUITE has no linux-headers-$DK_REL $DK_VER"
	DK_HEADERS="linux-headers-$DK_REL $(echo "$deps" | grep -E '^linux-(headers-.*-common|kbuild-)' | tr '\n' ' ')"
	DK_COMPILER=$(echo "$deps" | grep -E '^(gcc-[0-9]+(-for-host)?|linux-compiler-.*)$' | head -n 1 || true)
	DK_SOURCE=linux-source-$DK_XY
	DK_HEADERS=${DK_HEADERS% }
	mkdir -p "${memo%/*}"
	declare -p DK_SUITE DK_CHROOT DK_IMAGE DK_REL DK_XY DK_VER DK_FILES DK_HEADERS \
		DK_COMPILER DK_SOURCE | sed 's/^declare -- /declare -g /' >"$memo.tmp.$$"
	mv "$memo.tmp.$$" "$memo"
}

# dk_fetch PKG VER: the .deb in $cache/debs (downloaded once)
dk_fetch() {
	local pkg=$1 ver=$2 debs=$cache/debs deb dl
	mkdir -p "$debs"
	deb=$(compgen -G "$debs/${pkg}_$(printf '%s' "$ver" | sed 's/:/%3a/')_*.deb" | head -n 1 || true)
	if [ -z "$deb" ]; then
		dk_msg "downloading $pkg=$ver into $debs"
		dl=$(mktemp -d "$debs/.dl.XXXXXX")
		# apt drops privileges to _apt for downloads; let it write there.
		chmod 0777 "$dl"
		if ! (cd "$dl" && dk_apt_get download -q "$pkg=$ver" >&2); then
			rm -rf "$dl"
			dk_die "apt-get download $pkg=$ver ($DK_SUITE) failed"
		fi
		mv "$dl"/*.deb "$debs/"
		rmdir "$dl"
		deb=$(compgen -G "$debs/${pkg}_$(printf '%s' "$ver" | sed 's/:/%3a/')_*.deb" | head -n 1 || true)
		[ -n "$deb" ] || dk_die "downloaded $pkg=$ver but found no .deb of it in $debs"
	fi
	[ "$(dpkg-deb -f "$deb" Version)" = "$ver" ] ||
		dk_die "version mismatch: $deb is $(dpkg-deb -f "$deb" Version), expected $ver"
	echo "$deb"
}

# dk_unpack DIR PKG...: unpack the packages (at DK_VER) into DIR, once; an
# interrupted unpack leaves only DIR.tmp, which the next call redoes.
dk_unpack() {
	local dir=$1 p deb
	shift
	[ -f "$dir/.complete" ] && return 0
	rm -rf "$dir.tmp"
	mkdir -p "$dir.tmp"
	for p in "$@"; do
		deb=$(dk_fetch "$p" "$DK_VER")
		dpkg-deb -x "$deb" "$dir.tmp"
	done
	printf '%s\n' "$@" >"$dir.tmp/.complete"
	rm -rf "$dir"
	mv "$dir.tmp" "$dir"
}
