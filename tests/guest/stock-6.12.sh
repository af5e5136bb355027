#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Debian's stock 6.12 kernel (bookworm-backports) with its own shipped
# habanalabs.ko fails Goya's MMU init.  Pin exactly that failure, so a
# fixed Debian kernel turns this test red and gets noticed.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"
need_qemu

run_guest stock-6.12 6.12 --tests smoke

gen_pool='Failed to add memory to page gen pool'
mmu_sw='Failed to initialize MMU S/W structures'
check "guest reached /init"                 log_has 'GOYA-GUEST: init started'
check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
check "driver: device found [1da3:0001]"    log_has 'device found [1da3:0001]'
check "driver: '$gen_pool'"                 log_has "$gen_pool"
check "driver: '$mmu_sw'"                   log_has "$mmu_sw"
check "the gen pool error comes first"      log_order "$gen_pool" "$mmu_sw"
check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
finish
