#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# faults-boot on Debian unstable's newest kernel with driver/patches/
# (faults-fixed.sh).
exec bash "$(dirname "$(readlink -f "$0")")/faults-fixed.sh" boot newest
