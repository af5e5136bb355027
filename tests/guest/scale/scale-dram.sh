#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# DRAM-scale work through the real 6.1 driver, in one boot (goya-scale in
# the guest asserts every byte): all user DRAM as one HL_MEM_CONTIGUOUS
# allocation, 448 malloc'ed (unaligned) 2 MiB host buffers mapped, a CB of
# 224 LIN_DMAs host -> DRAM (one per 16 MiB zone) and one of 224 back;
# then a process holding all of that is killed (SIGKILL, then SIGSEGV) and
# DRAM_USAGE must come back to its start value.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu
# shellcheck source=tests/guest/scale/scale-checks.sh
source "$(dirname "$(readlink -f "$0")")/scale-checks.sh"

run_guest scale-dram 6.1 --tests scale-dram --timeout 600 -m 3G

check "guest finished (GOYA-GUEST-EXIT)"      log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"            [ "$rc" = 0 ]
check "goya-scale passed in the guest"        log_has 'GOYA-GUEST: TEST-PASS scale-dram'
scale_dram_checks
check "no Oops/BUG/panic/GPF in the log"      no_kernel_errors
tr -d '\r' <"$log" | grep -E '^(ok|not ok|#) ' | sed 's/^/  /' || true
finish
