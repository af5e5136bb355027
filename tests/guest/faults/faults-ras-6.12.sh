#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# faults-ras on the 6.12 kernel with driver/patches/ (faults-fixed.sh).
exec bash "$(dirname "$(readlink -f "$0")")/faults-fixed.sh" ras 6.12
