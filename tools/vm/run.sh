#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build the modules and selftests for one kernel, boot it in QEMU (TCG)
# and run the tests, the demo or a shell.
#
#   tools/vm/run.sh [--kernel debug|6.1|6.12] [--test|--demo|--shell|--bench]
#   tools/vm/run.sh [--kernel ...] --bench --icount
#   tools/vm/run.sh [--kernel ...] [--icount] [--gdb] --script FILE
#   tools/vm/run.sh [--kernel ...] --script FILE [--extra FILE]...
#   tools/vm/run.sh [--kernel ...] --build-only
#   tools/vm/run.sh [--kernel ...] --test --prebuilt
#
# --icount runs the guest with QEMU's -icount shift=0: its clock advances
# one nanosecond per guest instruction, so a benchmark's times are
# instruction counts, the same from run to run whatever else the host
# does (one thread runs both CPUs; throughput is not measured then).
# RESMGR_PERF=1 copies Debian's perf into the guest of --script; --gdb
# opens QEMU's gdb stub on localhost:1234 (tools/bench/trace-call.sh).
# --script runs FILE (a shell script) in the guest after loading
# resmgr.ko, prints what it wrote, and reports splats like the tests;
# each --extra FILE (a static program of a third-party suite, say) is
# copied to /extra/ in the guest for it.
# Test mode writes build/vm/<kernel>/{console.log,results.log,summary.json}
# and exits non-zero when summarize.py finds a failure.
#
# The builds (modules, selftests, tools) go to build/vm/<kernel>/, with
# $RESMGR_KBUILD_FLAGS on the module build's command line (make check:
# W=1 KCFLAGS=-Werror) and the module build's own log in build.log.
# --build-only stops there; --prebuilt boots what is there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

kernel=debug
mode=test
build=1
boot=1
icount=0
gdb=0
extras=()
while [ $# -gt 0 ]; do
	case "$1" in
	--kernel) kernel=$2; shift ;;
	--test) mode=test ;;
	--demo) mode=demo ;;
	--shell) mode=shell ;;
	--bench) mode=bench ;;
	--icount) icount=1 ;;
	--gdb) gdb=1 ;;
	--script) mode=script; script=$(realpath "$2"); shift ;;
	--build-only) boot=0 ;;
	--prebuilt) build=0 ;;
	--extra) extras+=("$(realpath "$2")"); shift ;;
	*) die "unknown argument $1" ;;
	esac
	shift
done

[ "$mode" = shell ] || "$RESMGR_TOP/tools/vm/deps.sh"

case "$kernel" in
debug)
	kdir=$("$RESMGR_TOP/tools/vm/debug-kernel.sh")
	image=$kdir/arch/x86/boot/bzImage
	mem=2048
	timeout=1200
	;;
6.1|6.12)
	rel=$(distro_release "$kernel")
	[ -n "$rel" ] || die "no Debian $kernel cloud kernel installed (run tools/vm/deps.sh as root)"
	kdir=/lib/modules/$rel/build
	image=/boot/vmlinuz-$rel
	[ -d "$kdir" ] || die "no headers for $rel in $kdir"
	mem=1024
	timeout=600
	;;
*) die "unknown kernel $kernel (debug, 6.1 or 6.12)" ;;
esac
# Under the gdb stub a debugger sets the pace (trace-call.py single-steps
# a call through thousands of instructions): an hour, not minutes.
[ "$gdb" = 0 ] || timeout=3600

bdir=$RESMGR_BUILD/$kernel
out=$bdir
mkdir -p "$bdir" "$out"
src=$(source_tree)

if [ "$build" = 1 ]; then
	# Build in a private copy so builds for different kernels never mix.
	log "$kernel: building modules against $kdir"
	sync_sources "$bdir/tree"
	# shellcheck disable=SC2086 # the flags are words
	make -s -C "$kdir" M="$bdir/tree" ${RESMGR_KBUILD_FLAGS:-} -j"$JOBS" modules \
		>"$bdir/build.log" 2>&1 ||
		{ cat "$bdir/build.log" >&2; die "$kernel: module build failed"; }

	# libresmgr and the QNX servers built on it, through its pkg-config file.
	log "$kernel: building libresmgr and the selftests"
	{ make -s -C "$RESMGR_TOP/lib" OUT="$bdir/lib" &&
	  make -s -C "$RESMGR_TOP/examples/user" OUTPUT="$bdir/user" \
		PKG_CONFIG_PATH="$bdir/lib/pkgconfig"; } >"$bdir/progs.log" 2>&1 ||
		{ cat "$bdir/progs.log" >&2; die "libresmgr or its examples failed to build"; }

	# The selftests (libresmgr_test links the library just built).
	make -s -C "$RESMGR_TOP/selftests" OUTPUT="$bdir/selftests" \
		KSFT_DIR="$src/tools/testing/selftests" \
		PKG_CONFIG_PATH="$bdir/lib/pkgconfig" >>"$bdir/progs.log" 2>&1 ||
		{ cat "$bdir/progs.log" >&2; die "selftest build failed"; }

	{ make -s -C "$RESMGR_TOP/tools/devctl" OUTPUT="$bdir/tools" &&
	  make -s -C "$RESMGR_TOP/tools/rmctl" OUTPUT="$bdir/tools" &&
	  make -s -C "$RESMGR_TOP/tools/bench" OUTPUT="$bdir/tools" \
		PKG_CONFIG_PATH="$bdir/lib/pkgconfig"; } >>"$bdir/progs.log" 2>&1 ||
		{ cat "$bdir/progs.log" >&2; die "tools build failed"; }
fi
[ "$boot" = 1 ] || exit 0
[ -d "$bdir/selftests" ] || die "$kernel: nothing built in $bdir (run without --prebuilt)"

# The programs this boot runs.
progs=$(ls "$bdir/selftests" | tr '\n' ' ')

# The initramfs: busybox, the modules, the selftests, the tools and /init.
root=$out/initramfs
rm -rf "$root"
mkdir -p "$root"/{bin,sbin,proc,sys,dev,tmp,lib/resmgr,selftests}
cp /bin/busybox "$root/bin/busybox"
for app in $("$root/bin/busybox" --list); do
	[ "$app" = busybox ] || ln -s busybox "$root/bin/$app"
done
# Debian's trinity and stress-ng for selftests/fuzz_test.c, with the
# shared libraries they need (everything else in the VM is static).
copy_dynamic() {
	local prog=$1 lib
	[ -x "$prog" ] || return 0
	cp "$prog" "$root/bin/"
	for lib in $(ldd "$prog" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
if [ "$mode" = test ] || [ "$mode" = script ]; then
	copy_dynamic /usr/bin/trinity
	copy_dynamic /usr/bin/stress-ng
	[ -z "${RESMGR_PERF:-}" ] || copy_dynamic /usr/bin/perf
fi
find "$bdir/tree" -name '*.ko' -exec cp {} "$root/lib/resmgr/" \;
# Drivers built out of tree against the installed kit (install-check.sh).
[ ! -d "$bdir/extra" ] || cp "$bdir"/extra/*.ko "$root/lib/resmgr/"
# The benchmark's CUSE contender needs the distribution's cuse module.
if [ "$mode" = bench ] && [ "$kernel" != debug ]; then
	cp /lib/modules/"$rel"/kernel/fs/fuse/cuse.ko* "$root/lib/resmgr/" 2>/dev/null || true
fi
# What `make install` put in /lib/modules (install-check.sh): modprobe.
[ ! -d "$bdir/modroot/modules" ] || cp -a "$bdir/modroot/modules" "$root/lib/"
for p in $progs; do cp "$bdir/selftests/$p" "$root/selftests/"; done
cp "$bdir/tools/devctl" "$root/bin/devctl"
cp "$bdir/tools/rm_bench" "$root/bin/rm_bench"
cp "$bdir/tools/rm_user_bench" "$root/bin/rm_user_bench"
cp "$bdir/tools/rmctl" "$root/bin/rmctl"
cp "$bdir"/user/rm_user_* "$root/bin/"
cp "$RESMGR_TOP/tools/vm/guest-init.sh" "$root/init"
[ "$mode" != script ] || cp "$script" "$root/script.sh"
if [ "${#extras[@]}" -gt 0 ]; then
	mkdir -p "$root/extra"
	cp "${extras[@]}" "$root/extra/"
fi
(cd "$root" && find . | cpio -o -H newc --quiet) >"$out/initramfs.cpio"

qemu() {
	local append="console=ttyS0 panic=-1 oops=panic log_buf_len=8M resmgr.mode=$mode"
	local qopts=()

	if [ "$icount" = 1 ]; then
		qopts=(-icount shift=0)
		append="$append resmgr.icount=1"
	fi
	[ "$gdb" = 0 ] || qopts+=(-gdb tcp:127.0.0.1:1234)

	if [ "$mode" = shell ]; then
		exec qemu-system-x86_64 -accel tcg -cpu max -smp 2 -m "$mem" \
			-nographic -no-reboot -kernel "$image" \
			-initrd "$out/initramfs.cpio" -append "$append" \
			-serial mon:stdio -serial null
	fi
	timeout --foreground "$timeout" qemu-system-x86_64 -accel tcg -cpu max \
		-smp 2 -m "$mem" "${qopts[@]}" -display none -no-reboot -monitor none \
		-kernel "$image" -initrd "$out/initramfs.cpio" -append "$append" \
		-serial "file:$out/console.log" -serial "file:$out/results.log" \
		</dev/null || true
}

# Under TCG about one boot in 25 dies before init runs. Retry those, and
# only those: a run whose guest script started is never repeated.
retries=0
while :; do
	rm -f "$out/console.log" "$out/results.log"
	log "$kernel: booting $(basename "$image") ($mode)"
	start=$(date +%s)
	qemu
	log "$kernel: VM finished in $(( $(date +%s) - start )) s"
	if grep -q '^RESMGR-HARNESS start' "$out/results.log" 2>/dev/null; then
		break
	fi
	if [ "$retries" -ge 2 ]; then
		log "$kernel: the guest never started its script ($((retries + 1)) boots)"
		break
	fi
	retries=$((retries + 1))
	cp "$out/console.log" "$out/console-early-failure-$retries.log" 2>/dev/null || true
	log "$kernel: boot died before init; retrying ($retries of 2)"
done

if [ "$mode" = bench ]; then
	sed -n '/^RESMGR-BENCH-BEGIN/,/^RESMGR-BENCH-END/p' "$out/results.log" |
		grep -v '^RESMGR-' | tr -d '\r' | tee "$out/bench$([ "$icount" = 0 ] || echo -icount).txt"
	exec python3 "$RESMGR_TOP/tools/vm/summarize.py" --kernel "$kernel" \
		--out "$out" --retries "$retries" --demo
fi

if [ "$mode" = script ]; then
	sed -n '/^RESMGR-SCRIPT-BEGIN/,/^RESMGR-SCRIPT-END/p' "$out/results.log" |
		grep -v '^RESMGR-' | tr -d '\r'
	exec python3 "$RESMGR_TOP/tools/vm/summarize.py" --kernel "$kernel" \
		--out "$out" --retries "$retries" --demo
fi

if [ "$mode" = demo ]; then
	sed -n '/^RESMGR-DEMO-BEGIN/,/^RESMGR-DEMO-END/p' "$out/results.log" |
		grep -v '^RESMGR-' | tr -d '\r'
	exec python3 "$RESMGR_TOP/tools/vm/summarize.py" --kernel "$kernel" \
		--out "$out" --retries "$retries" --demo
fi

suites=$(grep -ho '\.name = "resmgr_[a-z0-9_]*"' "$RESMGR_TOP"/*/*_test.c |
	sed 's/.*"\(.*\)"/\1/' | sort -u | tr '\n' ' ')
kunit=0
grep -q '^CONFIG_KUNIT=y' "$kdir/.config" 2>/dev/null && kunit=1
exec python3 "$RESMGR_TOP/tools/vm/summarize.py" --kernel "$kernel" \
	--out "$out" --retries "$retries" \
	--kunit-py "$src/tools/testing/kunit/kunit.py" \
	--suites "$([ "$kunit" = 1 ] && echo "$suites")" --progs "$progs"
