#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Driver coverage of a guest run: boot the Debian 6.1 driver with
# goya.coverage=1 (ftrace armed before insmod), run part of the guest
# suite, and check that the report is produced with non-zero common/ and
# goya/ coverage, that probe itself is covered, and that comparing two
# runs names what became reachable.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu

work=$(mktemp -d "${TMPDIR:-/tmp}/goya-devloop-cov.XXXXXX")
trap 'rm -rf "$work"' EXIT
logdir=${GOYA_GUEST_LOGDIR:-$top/build/guest/logs}
mkdir -p "$logdir"
log=$logdir/devloop-coverage-6.1.log
rc=0
GOYA_BUILD=${GOYA_BUILD_ROOT:-$top/build} "$top/driver/dev-loop.sh" --coverage \
	--tests devloop-iface,goya-dma-test,mmu --out "$work/image" --log "$log" \
	>"$work/report.txt" 2>&1 || rc=$?
cat "$work/report.txt"
json=$log.coverage.json
check "dev-loop --coverage verdict PASS (exit $rc)" test "$rc" = 0
check "guest printed the function list"    log_has 'GOYA-COV-END functions'
check "guest printed the hit list"         log_has 'GOYA-COV-END hit'
check "trace buffer did not overrun" log_has 'GOYA-COV-OVERRUN 0'
check "report written" test -s "$json"
area() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))["areas"].get(sys.argv[2], {}); print(d.get(sys.argv[3], 0))' "$json" "$1" "$2"; }
goya_hit=$(area goya hit) goya_total=$(area goya total)
common_hit=$(area common hit) common_total=$(area common total)
echo "# goya/ $goya_hit/$goya_total, common/ $common_hit/$common_total"
check "goya/ functions known (> 50)"      test "$goya_total" -gt 50
check "goya/ coverage non-zero"           test "$goya_hit" -gt 0
check "common/ coverage non-zero"         test "$common_hit" -gt 0
check "gaudi/ not reached on a Goya"      test "$(area gaudi hit)" = 0
# (no grep -q: under pipefail its early exit SIGPIPEs tr, a4c232a)
hit() { awk '/^GOYA-COV-BEGIN hit/ { on = 1; next } /^GOYA-COV-END hit/ { on = 0 } on' "$log" | tr -d '\r' | grep -x "$1" >/dev/null; }
check "probe covered: hl_pci_probe"       hit hl_pci_probe
check "probe covered: goya_hw_init"       hit goya_hw_init
check "DMA path covered: goya_send_job_on_qman0 or goya_cs_parser" \
	sh -c "awk '/^GOYA-COV-BEGIN hit/{on=1;next}/^GOYA-COV-END hit/{on=0}on' '$log' | tr -d '\r' | grep -qxE 'goya_send_job_on_qman0|goya_cs_parser'"
check "report lists never-reached goya/ functions" grep -q '^never reached (goya/)' "$work/report.txt"
check "report names the largest unreached areas" grep -q '^largest unreached areas' "$work/report.txt"

# Compare: an 'older' run that did not reach goya_cs_parser and hl_cs_ioctl.
tr -d '\r' <"$log" | grep -vxE 'goya_cs_parser|hl_cs_ioctl' >"$work/old.log"
ko=$(sed -n 's/^--- module: //p' "$work/report.txt")
python3 "$top/driver/coverage.py" "$log" --ko "$ko" --compare "$work/old.log" \
	--unreached none >"$work/cmp.txt"
sed -n '/^compared with/,$p' "$work/cmp.txt"
check "compare: goya_cs_parser newly reached" grep -qE '^  \+ goya_cs_parser +goya/goya.c' "$work/cmp.txt"
check "compare: hl_cs_ioctl newly reached"    grep -qE '^  \+ hl_cs_ioctl +common/command_submission.c' "$work/cmp.txt"
check "compare: nothing lost"                 grep -q '^no longer reached (0)' "$work/cmp.txt"
finish
