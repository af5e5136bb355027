#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One boot of the 6.1 guest (goya-scale asserts every result in the guest):
#  - 16384 consecutive CPU-CP queries (four wraps of the 4096-entry CPU
#    queue), then 4 processes reading hwmon + INFO POWER while the parent
#    keeps querying;
#  - MAP_HUGETLB 2 MiB host buffers (goya.hugepages= provisions them)
#    mapped by userptr, DMA source and destination, byte exact;
#  - HL_IOCTL_DEBUG: every coresight unit enabled and disabled, an
#    STM -> ETF -> ETR trace session, and closing the fd in debug mode,
#    with a kernel log free of coresight timeouts.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu
# shellcheck source=tests/guest/scale/scale-checks.sh
source "$(dirname "$(readlink -f "$0")")/scale-checks.sh"

run_guest scale-more 6.1 --tests scale-more --timeout 600 --append goya.hugepages=32

check "guest finished (GOYA-GUEST-EXIT)"      log_has 'GOYA-GUEST-EXIT'
check "runner/guest exit status 0"            [ "$rc" = 0 ]
check "goya-scale passed in the guest"        log_has 'GOYA-GUEST: TEST-PASS scale-more'
scale_more_checks
check "no Oops/BUG/panic/GPF in the log"      no_kernel_errors
tr -d '\r' <"$log" | grep -E '^(ok|not ok|#) ' | sed 's/^/  /' || true
finish
