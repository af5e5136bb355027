#!/bin/bash
# Stage what goes to /opt/goya in the guest: tools at the top, tests in
# tests/.  Usage: stage-guest-tools.sh STAMP OUTDIR --tools F.. --tests F..
set -euo pipefail
stamp=$1 out=$2
shift 2
tmp=$out.tmp
rm -rf "$tmp"
mkdir -p "$tmp/tests"
dest=$tmp
for f in "$@"; do
    case $f in
        --tools) dest=$tmp; continue ;;
        --tests) dest=$tmp/tests; continue ;;
    esac
    cp -p "$f" "$dest/"
done
rm -rf "$out"
mv "$tmp" "$out"
touch "$stamp"
