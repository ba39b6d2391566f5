#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Count the instructions of one system call in the 6.12 VM, function by
# function (Documentation/performance.rst, "Fast paths"):
#
#   tools/bench/trace-call.sh DEV OP SYSCALL
#   tools/bench/trace-call.sh /dev/bench_rm "read 1 B" read
#
# Boots the VM with QEMU's gdb stub, loads rm_bench.ko, runs
# `rm_bench loop DEV OP 0` (OP as rm_bench names it), and traces one
# SYSCALL of that loop from __x64_sys_SYSCALL back to user space
# (tools/bench/trace-call.py). The modules are built as for make bench.
set -euo pipefail
. "$(dirname "$0")/../vm/lib.sh"

[ $# -eq 3 ] || die "usage: $0 DEV OP SYSCALL"
dev=$1 op=$2 call=__x64_sys_$3
work=$(mktemp -d)
vm=
trap '[ -z "$vm" ] || kill -- -"$vm" 2>/dev/null; rm -rf "$work"' EXIT
printf '%s\n' "$dev" >"$work/dev"
printf '%s\n' "$op" >"$work/op"
cat >"$work/guest.sh" <<'GUEST'
insmod /lib/resmgr/rm_bench.ko
echo 0 > /proc/sys/kernel/kptr_restrict
echo KSYMS-BEGIN
grep ' [tTwW] ' /proc/kallsyms
echo KSYMS-END
/bin/rm_bench loop "$(cat /extra/dev)" "$(cat /extra/op)" 0
GUEST

"$RESMGR_TOP/tools/vm/run.sh" --kernel 6.12 --build-only
results=$RESMGR_BUILD/6.12/results.log
rm -f "$results"
# A session of its own, so that the whole VM goes with it at the end.
setsid "$RESMGR_TOP/tools/vm/run.sh" --kernel 6.12 --prebuilt --gdb --script "$work/guest.sh" \
	--extra "$work/dev" --extra "$work/op" >"$work/vm.log" 2>&1 &
vm=$!
for _ in $(seq 300); do
	grep -q '^KSYMS-END' "$results" 2>/dev/null && break
	sleep 1
done
grep -q '^KSYMS-END' "$results" 2>/dev/null || die "the guest did not start (log: $work/vm.log)"
tr -d '\r' <"$results" | sed -n '/^KSYMS-BEGIN/,/^KSYMS-END/p' | grep -v '^KSYMS-' >"$work/kallsyms"
sleep 2
python3 "$RESMGR_TOP/tools/bench/trace-call.py" "$work/kallsyms" "$call"
