# SPDX-License-Identifier: GPL-2.0-or-later
# Sourced by the fault-injection host scripts after tests/guest/lib.sh and
# tests/guest/bringup/bringup-common.sh: boot the guest with a QMP socket
# and serve its requests (faults-lib, "GOYA-FAULT-REQ <n> <request> ;")
# while it runs.
# shellcheck shell=bash

inject_py=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/inject.py
# The device behind a PCIe root port: AER messages need one to reach the
# guest's AER driver (a root-complex-integrated device has none on q35).
# shellcheck disable=SC2034,SC2054 # used by the sourcing scripts; commas are QEMU's
FAULT_TOPOLOGY=(--no-device -- -device pcie-root-port,id=rp0,chassis=1,slot=1
	-device goya,id=goya0,bus=rp0)

# fault_request <request...>: one host-side action with its check
fault_request() {
	local kind=$1 out r=0; shift
	fault_rc=0
	case $kind in
	inject)
		out=$("$inject_py" --qmp "$qsock" "$1" 2>&1) || r=$?
		check "host: inject '$1' accepted${out:+ ($out)}" [ "$r" = 0 ] ;;
	refused)
		out=$("$inject_py" --qmp "$qsock" "$1" 2>&1) || r=$?
		[[ "$out" == *"$2"* ]] || r="$r, '$2' not named"
		check "host: inject '$1' refused naming '$2' ($out)" [ "$r" = 1 ] ;;
	get)
		out=$("$inject_py" --qmp "$qsock" --get "$1" 2>&1) || r=$?
		check "host: qom-get $1 = $2 (got $out)" [ "$r/$out" = "0/$2" ] ;;
	hmp)
		out=$("$inject_py" --qmp "$qsock" --hmp "$*" 2>&1) || r=$?
		check "host: HMP '$*'${out:+ ($out)}" [ "$r" = 0 ] ;;
	*)
		r=2
		fail "host: unknown request '$kind $*'" ;;
	esac
	fault_rc=$r
}

# serve_requests: act on the complete request lines not served yet
serve_requests() {
	local n req
	[ -f "$log" ] || return 0
	while read -r n req; do
		[ "$n" -gt "$served" ] || continue
		served=$n
		# shellcheck disable=SC2086 # requests are word lists
		fault_request ${req% ;}
		# the guest waits for this line on its ttyS1 (faults-lib f_req)
		printf 'GOYA-FAULT-ACK %s %s\n' "$n" "$fault_rc" >&"$ack_fd"
	done < <(tr -d '\r' <"$log" 2>/dev/null | sed -n 's/^GOYA-FAULT-REQ \([0-9]*\) \(.* ;\)$/\1 \2/p')
}

# run_fault_guest <name> <kernel> [runner args...]: like run_guest, with
# a QMP socket and the guest's ttyS1 as the channel back (a pipe chardev:
# QEMU reads ack.in, a FIFO the host keeps open, and writes ack.out, a
# plain file the guest does not write to); sets $log and $rc.  Kernel
# arguments come from GOYA_RUNNER_ARGS, e.g. '--append goya.coverage=1'
# for a coverage run (run-guest.sh adds no_timer_check itself).
run_fault_guest() {
	local name=$1 kernel=$2 tmpd pid; shift 2
	tmpd=$(mktemp -d)
	qsock=$tmpd/qmp.sock
	mkfifo "$tmpd/ack.in"
	: >"$tmpd/ack.out"
	# read-write: never blocks, whether QEMU has the FIFO open or not
	exec {ack_fd}<>"$tmpd/ack.in"
	local ack=(-chardev "pipe,id=faultack,path=$tmpd/ack" -serial chardev:faultack)
	# QEMU arguments follow the runner's "--" (FAULT_TOPOLOGY has one)
	if [[ " $* " == *" -- "* ]]; then
		set -- "$@" "${ack[@]}"
	else
		set -- "$@" -- "${ack[@]}"
	fi
	log=${GOYA_GUEST_LOGDIR:-$top/build/guest/logs}/$name.log
	mkdir -p "$(dirname "$log")"
	rm -f "$log"
	served=0
	( run_guest "$name" "$kernel" --qmp "$qsock" "$@"; echo "$rc" >"$tmpd/rc" ) \
		>"$tmpd/out" 2>&1 &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		[ ! -S "$qsock" ] || serve_requests
		sleep 0.2
	done
	wait "$pid" || true
	cat "$tmpd/out"
	rc=$(cat "$tmpd/rc" 2>/dev/null || echo 125)
	exec {ack_fd}>&-
	rm -rf "$tmpd"
}

# run_fault_test <name> <min requests> <min guest checks> [runner args...]:
# boot the guest with the in-guest test <name>, serve its requests and
# check the outcome; the exit status of the whole test.  The guest kernel
# is $FAULT_KERNEL (default 6.1; another one logs as <name>-<kernel>).
run_fault_test() {
	local name=$1 requests=$2 checks=$3 kernel=${FAULT_KERNEL:-6.1}
	local logname=$name; shift 3
	[ "$kernel" = 6.1 ] || logname=$name-$kernel
	need_qemu
	run_fault_guest "$logname" "$kernel" --tests "$name" --timeout 880 "$@"
	check "guest finished (GOYA-GUEST-EXIT)"    log_has 'GOYA-GUEST-EXIT'
	check "runner/guest exit status 0"          [ "$rc" = 0 ]
	check "guest test $name passed"             log_has "GOYA-GUEST: TEST-PASS $name"
	check "host served all requests ($served)"  [ "$served" -ge "$requests" ]
	guest_checks "$checks"
	check "no Oops/BUG/panic/GPF in the log"    no_kernel_errors
	check "no WARNING/Call Trace in the log"    log_lacks 'WARNING:|Call Trace'
	finish
}
