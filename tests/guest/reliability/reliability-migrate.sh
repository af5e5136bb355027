#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Migration of -device goya (docs/reliability.md): a bare device migrated
# to a file and loaded back, broken streams refused; a guest running a
# verified DMA workload migrated to a file and restored into a new QEMU;
# the same as a live migration between two QEMU processes.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu
exec python3 "$(dirname "$(readlink -f "$0")")/reliability.py" \
	migrate-bare migrate-file migrate-live
