#!/bin/bash
# Run QEMU's generic-fuzz on -device goya (qemu-fuzz-x86_64
# --fuzz-target=generic-fuzz-goya, built by scripts/build-qemu-fuzz.sh) and
# print executions, coverage and findings.
#
#   scripts/fuzz-qemu.sh [--time S | --runs N] [--smoke] [-- libFuzzer args]
#
#   --time S    stop after S seconds (default 600)
#   --runs N    stop after N executions
#   --smoke     CI: a throw-away corpus of the seeds only; exit 77 (skip)
#               when the fuzz build is absent, 1 on any finding
#
# The corpus grows across runs in $GOYA_CACHE/fuzz-qemu/corpus; seeds come
# from tests/fuzz/make-qemu-seeds.py.  Findings (crash-*, leak-*, timeout-*,
# oom-*) land in $GOYA_CACHE/fuzz-qemu/findings; each run appends its
# figures to $GOYA_CACHE/fuzz-qemu/runs.tsv.  Reproduce a finding:
#   QTEST_LOG=1 FUZZ_SERIALIZE_QTEST=1 qemu-fuzz-x86_64 \
#       --fuzz-target=generic-fuzz-goya FILE
# (docs/reliability.md, "Generic-fuzz").
set -euo pipefail
# shellcheck source=scripts/common.sh
source "$(dirname "$0")/common.sh"

time_s=600
runs=
smoke=0
extra=()
while [ $# -gt 0 ]; do
    case $1 in
        --time) time_s=$2; shift 2 ;;
        --time=*) time_s=${1#*=}; shift ;;
        --runs) runs=$2; shift 2 ;;
        --runs=*) runs=${1#*=}; shift ;;
        --smoke) smoke=1; shift ;;
        --) shift; extra=("$@"); break ;;
        -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

build=$("$GOYA_REPO/scripts/build-qemu-fuzz.sh" --print-dir)
fuzzer=$build/qemu-fuzz-x86_64
if [ ! -x "$fuzzer" ]; then
    if [ "$smoke" = 1 ]; then
        echo "SKIP: no fuzz build ($fuzzer missing): scripts/build-qemu-fuzz.sh builds it"
        exit 77
    fi
    "$GOYA_REPO/scripts/build-qemu-fuzz.sh"
fi

if [ "$smoke" = 1 ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/goya-fuzz-smoke.XXXXXX")
    trap 'rm -rf "$work"' EXIT
else
    work=$GOYA_CACHE/fuzz-qemu
fi
mkdir -p "$work/corpus" "$work/findings"
rm -rf "$work/seeds"
python3 "$GOYA_REPO/tests/fuzz/make-qemu-seeds.py" "$work/seeds"

limit=(-max_total_time="$time_s")
[ -n "$runs" ] && limit=(-runs="$runs")
# crash-*, leak-*, timeout-*, oom-*; slow-unit-* (over 10 s) are listed
# apart and are not failures
findings() { find "$work/findings" -type f ! -name 'slow-unit-*' | sort; }
before=$(findings)
slow_before=$(find "$work/findings" -name 'slow-unit-*' | wc -l)
log=$work/last-run.log
say "generic-fuzz-goya: ${limit[*]} (corpus $work/corpus, findings $work/findings)"
# UBSan reports are findings too; LeakSanitizer is off (QEMU's own
# allocations that live until exit would be reported for every input).
export UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1
export ASAN_OPTIONS=detect_leaks=0
set +e
nice -n 10 "$fuzzer" --fuzz-target=generic-fuzz-goya "${limit[@]}" \
    -rss_limit_mb=6144 -timeout=60 -print_final_stats=1 \
    -artifact_prefix="$work/findings/" "${extra[@]}" \
    "$work/corpus" "$work/seeds" > "$log" 2>&1
rc=$?
set -e

# libFuzzer: "#N INITED cov: C ft: F corp: ...", "#N NEW/REDUCE/pulse cov:
# ...", "stat::number_of_executed_units: N" (-print_final_stats=1)
stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -n1; }
first=$(grep -m1 -E '^#[0-9]+[[:space:]]+INITED' "$log" || true)
last=$(grep -E '^#[0-9]+[[:space:]]+(INITED|NEW|REDUCE|pulse|DONE|RELOAD)' "$log" | tail -n1 || true)
field() { sed -n "s/.* $1: \([0-9]*\).*/\1/p" <<<"$2"; }
execs=$(stat number_of_executed_units)
eps=$(stat average_exec_per_sec)
new_units=$(stat new_units_added)
rss=$(stat peak_rss_mb)
after=$(findings)
slow=$(($(find "$work/findings" -name 'slow-unit-*' | wc -l) - slow_before))
new_findings=$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d')
nfind=0
[ -z "$new_findings" ] || nfind=$(wc -l <<<"$new_findings")

echo "generic-fuzz-goya results"
echo "  executions:     ${execs:-?} (${eps:-?}/s), peak RSS ${rss:-?} MB"
echo "  coverage:       cov $(field cov "$first") -> $(field cov "$last"), ft $(field ft "$first") -> $(field ft "$last") (libFuzzer edges / features)"
echo "  corpus:         $(field corp "$last") inputs, ${new_units:-0} new this run"
if [ -n "$new_findings" ]; then
    echo "  findings:       $nfind new"
    while IFS= read -r f; do
        echo "    $f"
    done <<<"$new_findings"
    grep -m3 -E 'ERROR: AddressSanitizer|runtime error|ERROR: libFuzzer|SUMMARY' "$log" | sed 's/^/    /' || true
else
    echo "  findings:       none (libFuzzer exit status $rc)"
fi
[ "$slow" = 0 ] || echo "  slow inputs:    $slow new (over 10 s each: slow-unit-* in $work/findings)"
echo "  log:            $log"
if [ "$smoke" = 0 ]; then
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "${execs:-0}" \
        "$(field cov "$first")" "$(field cov "$last")" "$(field ft "$last")" \
        "$nfind" \
        "${limit[*]}" >> "$work/runs.tsv"
    total=$(awk -F'\t' '{ s += $2 } END { print s + 0 }' "$work/runs.tsv")
    echo "  all runs:       $total executions ($(wc -l < "$work/runs.tsv") runs, $work/runs.tsv)"
fi
if [ -n "$new_findings" ] || { [ "$rc" != 0 ] && [ -z "$execs" ]; }; then
    [ -n "$new_findings" ] || tail -n 20 "$log" >&2
    exit 1
fi
