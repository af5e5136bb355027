#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Hot-plug of -device goya on a pcie-root-port (docs/reliability.md):
# device_del/device_add cycles with the driver bound; each added device
# reaches Operational and verifies a DMA, the remove path stays clean.
set -euo pipefail
# shellcheck source=tests/guest/lib.sh
source "$(dirname "$(readlink -f "$0")")/../lib.sh"
need_qemu
exec python3 "$(dirname "$(readlink -f "$0")")/reliability.py" hotplug \
	--cycles "${GOYA_HOTPLUG_CYCLES:-10}" --timeout 900
