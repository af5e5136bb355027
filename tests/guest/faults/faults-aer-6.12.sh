#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# faults-aer on the 6.12 kernel with driver/patches/ (faults-fixed.sh).
exec bash "$(dirname "$(readlink -f "$0")")/faults-fixed.sh" aer 6.12
