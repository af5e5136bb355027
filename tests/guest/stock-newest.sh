#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The stock newest kernel's own habanalabs.ko: pins its Goya MMU-init failure.
exec bash "$(dirname "$(readlink -f "$0")")/stock-kernel.sh" newest
