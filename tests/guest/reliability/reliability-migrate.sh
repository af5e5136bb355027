#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Migration of -device goya (docs/reliability.md).  Without arguments: a
# bare device migrated to a file and loaded back, broken streams refused; a
# guest running a verified DMA workload migrated to a file and restored into
# a new QEMU.  With "live": the same as a live migration between two QEMU
# processes (a separate meson test, so that each stays in its time limit).
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu
if [ "${1:-}" = live ]; then
	set -- migrate-live
else
	set -- migrate-bare migrate-file
fi
exec python3 "$(dirname "$(readlink -f "$0")")/reliability.py" "$@"
