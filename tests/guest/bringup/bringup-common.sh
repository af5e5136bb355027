# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the bring-up host scripts after tests/guest/lib.sh: turn the
# guest's "BRINGUP: ok/not ok - ..." lines into checks of this script.
# shellcheck shell=bash

# guest_checks <min>: one check per guest line; fails if the guest printed
# fewer than <min> checks (it stopped early)
guest_checks() {
	local min=$1 line n=0
	while IFS= read -r line; do
		case $line in
		"BRINGUP: ok - "*) pass "guest: ${line#BRINGUP: ok - }"; n=$((n + 1)) ;;
		"BRINGUP: not ok - "*) fail "guest: ${line#BRINGUP: not ok - }"; n=$((n + 1)) ;;
		esac
	done < <(tr -d '\r' <"$log")
	check "guest ran at least $min checks (ran $n)" [ "$n" -ge "$min" ]
}

# print_figures: the guest's measured figures (not asserted)
print_figures() {
	tr -d '\r' <"$log" | sed -n 's/^BRINGUP: figure /figure: /p'
}
