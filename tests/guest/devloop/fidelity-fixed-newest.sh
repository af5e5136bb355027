#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The fidelity programs on the newest kernel with driver/patches/, one boot.
exec bash "$(dirname "$(readlink -f "$0")")/fidelity-fixed.sh" newest
