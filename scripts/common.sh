# Shared helpers for the project's scripts (sourced, not run).
# shellcheck shell=bash
GOYA_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# (HOME may be unset in a CI environment: take it from the passwd entry)
: "${HOME:=$(getent passwd "$(id -u)" | cut -d: -f6)}"
export HOME
# modinfo, depmod and friends live in sbin, which a CI PATH may lack
case ":$PATH:" in *:/usr/sbin:*) ;; *) PATH=$PATH:/usr/sbin:/sbin ;; esac
export PATH
GOYA_CACHE=${GOYA_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/goya-emu}
export GOYA_REPO GOYA_CACHE

say()  { printf '==> %s\n' "$*"; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Print ninja's "[n/N]" progress at every 5 % instead of every line.
ninja_progress() {
    awk -v tag="$1" '
        match($0, /^\[[0-9]+\/[0-9]+\]/) {
            split(substr($0, 2, RLENGTH - 2), a, "/")
            pct = int(a[1] * 100 / a[2])
            if (pct >= next_pct || a[1] == a[2]) {
                printf "    %s: %3d%% (%d/%d)\n", tag, pct, a[1], a[2]
                fflush()
                next_pct = pct + 5
            }
            next
        }
        /error:|FAILED/ { print; fflush() }
    '
}

# Configure QEMU source tree $1 into build directory $2 for the devices of
# $3 (a configs/devices .mak file), with the configure options that follow;
# nothing to do when $2 was configured with exactly these.
qemu_configure() {
    local src=$1 build=$2 devices_mak=$3 want have
    shift 3
    want=$({ printf '%s\n' "$src" "$@"; cat "$devices_mak"; } |
           sha1sum | cut -c1-16)
    have=$(cat "$build/.goya-configured" 2>/dev/null || true)
    [ "$want" = "$have" ] && [ -f "$build/build.ninja" ] && return 0
    say "configuring QEMU in $build"
    rm -rf "$build"
    mkdir -p "$build"
    if ! (cd "$build" && "$src/configure" "$@" > configure.log 2>&1); then
        tail -n 20 "$build/configure.log" >&2
        die "QEMU configure failed; full log: $build/configure.log"
    fi
    echo "$want" > "$build/.goya-configured"
}
