#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The 6.12 kernel with driver/patches/ through the accel guest suite.
exec bash "$(dirname "$(readlink -f "$0")")/fixed-kernel.sh" 6.12
