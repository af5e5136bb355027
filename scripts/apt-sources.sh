#!/bin/bash
# Add the two apt sources the build needs, derived from the mirror this
# machine already uses for bookworm: trixie deb-src (QEMU 10.0 source) and
# bookworm-backports (meson >= 1.5).  Pinned so nothing else is upgraded.
#
#   --print-mirror   only print that mirror (for private apt states of
#                    other suites, scripts/debian-kernel.sh); changes nothing
set -euo pipefail

list=/etc/apt/sources.list.d/goya-emu.sources
pref=/etc/apt/preferences.d/goya-emu

find_mirror() {
    local f
    # deb822 files first, then one-line sources.list style
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -f "$f" ] || continue
        awk '
            /^[[:space:]]*$/ { if (uri != "" && suites ~ /(^| )bookworm( |$)/) { print uri; exit }
                               uri = ""; suites = ""; next }
            /^URIs:/ { uri = $2 }
            /^Suites:/ { $1 = ""; suites = $0 " " }
            END { if (uri != "" && suites ~ /(^| )bookworm( |$)/) print uri }
        ' "$f"
    done
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -f "$f" ] || continue
        awk '$1 == "deb" && $0 !~ /security/ {
                 for (i = 2; i <= NF; i++) if ($i !~ /^\[/ && $i ~ /:\/\//) { uri = $i; s = $(i+1); break }
                 if (s == "bookworm") { print uri; exit } }' "$f"
    done
}

mirror=$(find_mirror | grep -v security | head -n1 || true)
if [ -z "$mirror" ]; then
    echo "error: no apt source for Debian bookworm found in /etc/apt; cannot derive a mirror for trixie deb-src and bookworm-backports" >&2
    exit 1
fi
if [ "${1:-}" = --print-mirror ]; then
    echo "$mirror"
    exit 0
fi
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || { echo "error: $keyring missing (package debian-archive-keyring)" >&2; exit 1; }

want=$(cat <<SRC
# Added by goya-emu scripts/apt-sources.sh (mirror taken from this machine's apt config)
Types: deb-src
URIs: $mirror
Suites: trixie
Components: main
Signed-By: $keyring

Types: deb
URIs: $mirror
Suites: bookworm-backports
Components: main
Signed-By: $keyring
SRC
)
want_pref=$(cat <<PREF
# goya-emu: trixie is used for deb-src only; never install its binaries.
Package: *
Pin: release n=trixie
Pin-Priority: -1

# goya-emu: backports only when asked for by name (meson).
Package: *
Pin: release n=bookworm-backports
Pin-Priority: 100
PREF
)
changed=0
if [ "$(cat "$list" 2>/dev/null)" != "$want" ]; then
    printf '%s\n' "$want" > "$list"; changed=1
fi
if [ "$(cat "$pref" 2>/dev/null)" != "$want_pref" ]; then
    printf '%s\n' "$want_pref" > "$pref"; changed=1
fi
stamp=/var/lib/apt/lists/.goya-emu-updated
if [ $changed = 1 ] || [ ! -f "$stamp" ] || \
   ! ls /var/lib/apt/lists/*_dists_trixie_main_source_Sources* >/dev/null 2>&1; then
    echo "==> apt-get update (added trixie deb-src, bookworm-backports from $mirror)"
    if ! apt-get update -q; then
        rm -f "$stamp"
        echo "error: apt-get update failed: package source unreachable?" >&2
        exit 1
    fi
    touch "$stamp"
fi
