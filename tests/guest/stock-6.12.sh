#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The stock 6.12 kernel's own habanalabs.ko: pins its Goya MMU-init failure.
exec bash "$(dirname "$(readlink -f "$0")")/stock-kernel.sh" 6.12
