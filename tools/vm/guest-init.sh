#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# /init of the test VM. The kernel console (ttyS0) carries the kernel log;
# everything this script reports goes to ttyS1, framed by RESMGR-* marker
# lines that tools/vm/summarize.py reads.
export PATH=/bin:/sbin

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mount -t tmpfs tmpfs /tmp

mode=test
icount=0
for arg in $(cat /proc/cmdline); do
	case "$arg" in
	resmgr.mode=*) mode=${arg#resmgr.mode=} ;;
	resmgr.icount=1) icount=1 ;;
	esac
done

if [ "$mode" = shell ]; then
	insmod /lib/resmgr/resmgr.ko
	insmod /lib/resmgr/pathmgr_fixture.ko
	echo "resmgr VM: modules loaded; cat /proc/resmgr. 'reboot -f' leaves."
	setsid cttyhack sh
	reboot -f
fi

exec 3>/dev/ttyS1
say() { echo "$*" >&3; }

# Loaded for the selftests, unloaded in reverse order.
test_modules="pathmgr_fixture resmgr_fixture leaky_fixture fs_fixture qnx_port_fixture qnx_main_fixture qnx_wait_fixture rm_null rm_null_loop rm_null_pool rm_hello rm_union rm_ser rm_ramfs"
# A driver built out of tree against the installed kit (distro kernels).
[ -f /lib/resmgr/rm_tmpl.ko ] && test_modules="$test_modules rm_tmpl"
# rm_ramfs with a small limit, so that the selftests reach ENOSPC.
params_rm_ramfs="max_bytes=8388608"
# A QNX main() kept whole, with its argv.
params_qnx_main_fixture='args="/dev/rmtest/kept hello"'


# Closing the tty waits until its output has drained.
finish() {
	say "RESMGR-HARNESS done"
	exec 3>&-
	reboot -f
}

say "RESMGR-HARNESS start kernel=$(uname -r) mode=$mode"
kmemleak=/sys/kernel/debug/kmemleak
# The debug kernel's automatic scan (a minute after boot, then every ten)
# would only compete with the tests for the CPU: the two scans at the
# end look at everything the run left behind.
if [ -w "$kmemleak" ]; then
	echo scan=off > "$kmemleak"
	echo clear > "$kmemleak"
fi

load() {
	if insmod "/lib/resmgr/$1.ko" $(eval echo "\$params_$1"); then
		say "RESMGR-LOAD ok $1"
	else
		say "RESMGR-LOAD fail $1"
	fi
}

unload() {
	# A test may have unloaded it already (leaky_fixture).
	[ -d "/sys/module/$1" ] || return 0
	if rmmod "$1"; then
		say "RESMGR-UNLOAD ok $1"
	else
		say "RESMGR-UNLOAD fail $1"
	fi
}

# Installed modules (make install, staged by install-check.sh): modprobe
# of a driver loads resmgr first, and modprobe -r takes both away. A
# TAP block of its own, before anything is loaded by hand.
if [ "$mode" = test ] && [ -f "/lib/modules/$(uname -r)/modules.dep" ]; then
	say "RESMGR-PROG-BEGIN modprobe"
	say "TAP version 13"
	say "1..3"
	if modprobe rm_null >&3 2>&3 && [ -d /sys/module/resmgr ] && [ -d /sys/module/rm_null ]; then
		say "ok 1 modprobe rm_null loads resmgr, then rm_null"
	else
		say "not ok 1 modprobe rm_null loads resmgr, then rm_null"
	fi
	if [ -e /dev/rmnull ] && echo x > /dev/rmnull; then
		say "ok 2 the installed rm_null serves /dev/rmnull"
	else
		say "not ok 2 the installed rm_null serves /dev/rmnull"
	fi
	if modprobe -r rm_null resmgr >&3 2>&3 && [ ! -d /sys/module/resmgr ]; then
		say "ok 3 modprobe -r rm_null resmgr unloads both"
	else
		say "not ok 3 modprobe -r rm_null resmgr unloads both"
		rmmod rm_null resmgr 2>/dev/null
	fi
	say "RESMGR-PROG-END modprobe rc=0"
fi

load resmgr

if [ "$mode" = bench ]; then
	load rm_bench
	# CUSE: Debian's cuse.ko (run.sh copies it in) and a server process.
	cuse=$(ls /lib/resmgr/cuse.ko* 2>/dev/null | head -n 1)
	[ -z "$cuse" ] || insmod "$cuse" || say "# cuse.ko would not load"
	[ -e /dev/cuse ] && /bin/rm_bench cuse bench_cuse
	# A QNX server in user space (libresmgr) on resmgr.ko's channel.
	/bin/rm_user_bench /dev/bench_user &
	/bin/rm_user_bench /dev/bench_user_pool pool &
	# The same server receiving by ioctl alone (libresmgr's ring off).
	RESMGR_RING=0 /bin/rm_user_bench /dev/bench_user_noring &
	for i in $(seq 50); do
		[ -e /dev/bench_user ] && [ -e /dev/bench_user_pool ] && [ -e /dev/bench_user_noring ] && break
		sleep 0.1
	done
	say "RESMGR-BENCH-BEGIN"
	if [ "$icount" = 1 ]; then
		say "# kernel $(uname -r), $(nproc) CPUs, QEMU TCG -icount shift=0:"
		say "# 1 ns is one guest instruction; the figures are instruction counts"
	else
		say "# kernel $(uname -r), $(nproc) CPUs, QEMU TCG"
	fi
	/bin/rm_bench 2000 >&3 2>&3
	say ""
	if [ "$icount" = 0 ]; then
		say "# throughput: 4 KiB reads per second, 1 s, one and two readers at once"
		/bin/rm_bench tput >&3 2>&3
		say ""
	fi
	say "# messages between processes: QNX's MsgSend() on libresmgr against a pair of pipes"
	/bin/rm_user_bench ipc 2000 >&3 2>&3
	say ""
	say "# path calls through resmgrfs (rm_ramfs is RESMGR_FLAG_CACHEABLE; the /dev manager is not)"
	load rm_ramfs
	mkdir -p /mnt/rm && mount -t resmgrfs none /mnt/rm
	/bin/rm_bench paths /mnt/rm 1000 >&3 2>&3
	unload rm_bench
	say ""
	say "# open+close of /dev/bench_rm with N more paths attached; slab per path"
	say "# and open+close of a file under a directory mountpoint: tmpfs vs rm_ramfs through resmgrfs"
	say "paths           native       resmgr  ratio       tmpfs    resmgrfs  ratio   slab/path"
	for n in 0 1000 100000; do
		before=$(sed -n 's/^Slab: *\([0-9]*\).*/\1/p' /proc/meminfo)
		insmod /lib/resmgr/rm_bench.ko extra_paths=$n
		after=$(sed -n 's/^Slab: *\([0-9]*\).*/\1/p' /proc/meminfo)
		line=$(/bin/rm_bench scale $n /mnt/rm)
		if [ "$n" -gt 0 ]; then
			say "$line   $(( (after - before) * 1024 / n )) B"
		else
			say "$line   -"
		fi
		rmmod rm_bench
	done
	say "RESMGR-BENCH-END"
	kill $(pidof rm_user_bench) 2>/dev/null
	umount /mnt/rm
	unload rm_ramfs
	unload resmgr
	finish
fi

if [ "$mode" = script ]; then
	say "RESMGR-SCRIPT-BEGIN"
	sh -x /script.sh >&3 2>&3
	say "RESMGR-SCRIPT-END"
	finish
fi

if [ "$mode" = demo ]; then
	# Show a command, then run it with its output on the report channel.
	run() {
		say "\$ $*"
		sh -c "$*" >&3 2>&3
	}
	say "RESMGR-DEMO-BEGIN"
	say "# Kernel $(uname -r); resmgr.ko loaded"
	for m in rm_null rm_hello rm_union rm_ser; do
		insmod /lib/resmgr/$m.ko && say "\$ insmod $m.ko"
	done
	run "ls -l /dev/rmnull /dev/rmhello /dev/rmunion /dev/rmser1"
	say "# rm_null: the seed's /dev/null, all iofunc defaults"
	run "echo 'into the void' > /dev/rmnull && wc -c < /dev/rmnull"
	say "# rm_hello: its own io_read (offsets, pread) and io_write (resmgr_msgread)"
	run "cat /dev/rmhello"
	run "echo Linux > /dev/rmhello; cat /dev/rmhello"
	run "dd if=/dev/rmhello bs=1 skip=7 count=5 2>/dev/null; echo"
	run "echo world > /dev/rmhello"
	say "# rm_union: BEFORE serves readers, refuses writers with ENOENT; AFTER takes them"
	run "cat /dev/rmunion"
	run "cat <>/dev/rmunion    # opened read-write: the AFTER manager"
	say "# rm_ser: a read blocks (the handler returns _RESMGR_NOREPLY) until a write answers it"
	run "(sleep 1; echo 'hello from another client' > /dev/rmser1) & cat /dev/rmser1 & sleep 2; kill %2 2>/dev/null; wait"
	say "# devctl through the devctl tool: set the baud rate, read it back, count queued bytes"
	run "devctl -i 115200 /dev/rmser1 0x80040510"
	run "devctl /dev/rmser1 0x40040511"
	run "echo -n abc > /dev/rmser1; devctl /dev/rmser1 0x40040512"
	run "devctl /dev/rmser1 GETFLAGS"
	say "# user space: QNX servers built with libresmgr (pkg-config resmgr), run as processes"
	run "rm_user_null /dev/usernull & rm_user_buf /dev/userbuf & sleep 1; ls -l /dev/usernull /dev/userbuf"
	run "echo 'into the void' > /dev/usernull && wc -c < /dev/usernull"
	say "# rm_user_buf: a thread pool; a read waits (_RESMGR_NOREPLY) until another thread's write answers it"
	run "cat /dev/userbuf & sleep 1; echo 'hello from a user-space server' > /dev/userbuf; sleep 1; kill %1 2>/dev/null; wait %1 2>/dev/null"
	run "grep user /proc/resmgr"
	run "kill \$(pidof rm_user_null rm_user_buf); sleep 1; ls /dev/usernull 2>&1"
	say "# QNX messages between processes: name_attach() (any user may), name_open(), MsgSend()"
	run "rm_user_ping_server qnxping & sleep 1; ls -l /dev/name/local"
	run "rm_user_ping_client qnxping"
	run "kill \$(pidof rm_user_ping_server); sleep 1"
	say "# resmgrfs: the whole pathname space as a file system; rm_ramfs serves /ramfs"
	insmod /lib/resmgr/rm_ramfs.ko && say "\$ insmod rm_ramfs.ko"
	run "mkdir -p /mnt/rm && mount -t resmgrfs none /mnt/rm && ls /mnt/rm /mnt/rm/dev"
	run "mkdir -p /mnt/rm/ramfs/proj/src && echo 'int main(void) { return 0; }' > /mnt/rm/ramfs/proj/src/main.c"
	run "cp -r /mnt/rm/ramfs/proj /mnt/rm/ramfs/copy && ln -s proj/src/main.c /mnt/rm/ramfs/link && find /mnt/rm/ramfs | sort"
	run "ls -l /mnt/rm/ramfs; cat /mnt/rm/ramfs/link"
	say "# /union: a read-only manager BEFORE a writable one; creates fall through on EROFS"
	run "ls /mnt/rm/union; cat /mnt/rm/union/README"
	run "echo 'written by the demo' > /mnt/rm/union/notes; ls /mnt/rm/union; cat /mnt/rm/union/notes"
	run "rm -r /mnt/rm/ramfs/proj /mnt/rm/ramfs/copy /mnt/rm/ramfs/link /mnt/rm/union/notes"
	say "# the pathname space"
	run "cat /proc/resmgr"
	say "RESMGR-DEMO-END"
	umount /mnt/rm
	for m in rm_ramfs rm_ser rm_union rm_hello rm_null; do unload $m; done
	unload resmgr
	finish
fi

# KUnit: the suites run while resmgr_test.ko loads; their KTAP goes to
# the kernel console, and the debugfs copy comes here too.
if [ -f /lib/resmgr/resmgr_test.ko ]; then
	load resmgr_test
	for d in /sys/kernel/debug/kunit/resmgr_*; do
		[ -d "$d" ] || continue
		say "RESMGR-KUNIT-BEGIN ${d##*/}"
		cat "$d/results" >&3
		say "RESMGR-KUNIT-END ${d##*/}"
	done
	unload resmgr_test
fi

# The kernel stacks of the threads that are in resmgr's code (comments:
# "#", which the summary does not read as results).
resmgr_stacks() {
	for t in /proc/[0-9]*/task/*; do
		grep -q resmgr "$t/stack" 2>/dev/null || continue
		say "# stack of $(cat "$t/comm") ($t, $(sed -n 's/^State:\t//p' "$t/status")):"
		sed 's/^/#   /' "$t/stack" >&3
	done
}

for m in $test_modules; do load "$m"; done
for prog in /selftests/*; do
	[ -x "$prog" ] || continue
	name=${prog##*/}
	say "RESMGR-PROG-BEGIN $name"
	# The console's timestamps then say how long each program ran.
	echo "resmgr-guest: $name begins" > /dev/kmsg
	{ "$prog" 2>&1; echo $? > /tmp/prog.rc; } | tee /tmp/prog.out >&3
	rc=$(cat /tmp/prog.rc)
	echo "resmgr-guest: $name ends" > /dev/kmsg
	# A test that hung: where every thread in resmgr's code waits now.
	grep -q "Test terminated by timeout" /tmp/prog.out && resmgr_stacks
	say "RESMGR-PROG-END $name rc=$rc"
done
# The selftests mount resmgrfs there; a mount pins resmgr.ko.
umount /mnt/rmfs 2>/dev/null
for m in $(echo $test_modules | tr ' ' '\n' | sed -n '1!G;h;$p'); do unload "$m"; done
unload resmgr

if [ -w "$kmemleak" ]; then
	# A leak is reported by the second of two scans: the first passes
	# over objects that changed since the last scan, and over those less
	# than five seconds old. Under TCG a scan takes about ten seconds, so
	# the second sleeps only when the first was quicker than that.
	t0=$(cut -d. -f1 /proc/uptime)
	echo scan > "$kmemleak"
	t1=$(cut -d. -f1 /proc/uptime)
	[ $((t1 - t0)) -ge 6 ] || sleep $((6 - (t1 - t0)))
	echo scan > "$kmemleak"
	say "RESMGR-KMEMLEAK-BEGIN"
	cat "$kmemleak" >&3
	say "RESMGR-KMEMLEAK-END"
fi

finish
