# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the VM harness. Sourced, not run.

RESMGR_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Everything built for the VM lives outside the repo (kernels) or in
# build/ (modules, initramfs, logs).
RESMGR_CACHE=${RESMGR_CACHE:-/var/cache/resmgr-vm}
RESMGR_BUILD=${RESMGR_BUILD:-$RESMGR_TOP/build/vm}
JOBS=${JOBS:-$(nproc)}

log() { printf '[vm] %s\n' "$*" >&2; }
die() { printf '[vm] error: %s\n' "$*" >&2; exit 1; }

# The newest installed Debian linux-source tarball of the 6.12 series.
source_tarball() {
	local t
	t=$(ls -1v /usr/src/linux-source-6.12*.tar.xz 2>/dev/null | tail -n 1)
	[ -n "$t" ] || die "linux-source-6.12 is not installed (run tools/vm/deps.sh as root)"
	printf '%s\n' "$t"
}

source_version() {
	dpkg-query -W -f '${Version}\n' "$(basename "$(source_tarball)" .tar.xz)" 2>/dev/null ||
		stat -c %Y "$(source_tarball)"
}

# A private copy of the sources to build in (one per kernel and job).
# What kbuild left there stays (objects, .cmd and .mod files), so that a
# build with nothing changed compiles nothing again.
sync_sources() {	# destination
	rsync -a --delete --exclude=/build --exclude=/.git --exclude='*.o' --exclude='*.ko' \
		--exclude='.*.cmd' --exclude='*.mod' --exclude='*.mod.c' --exclude=Module.symvers \
		--exclude=modules.order --exclude=/selftests/out "$RESMGR_TOP"/ "$1/"
}

# Unpacked source tree of the tarball (shared by the debug kernel build,
# kselftest_harness.h and kunit.py).
source_tree() {
	local tb ver dir
	tb=$(source_tarball)
	ver=$(source_version)
	dir=$RESMGR_CACHE/src-$ver
	if [ ! -f "$dir/.unpacked" ]; then
		log "unpacking $(basename "$tb") into $dir"
		rm -rf "$dir"
		mkdir -p "$dir"
		tar -xf "$tb" -C "$dir" --strip-components=1
		touch "$dir/.unpacked"
	fi
	printf '%s\n' "$dir"
}

# Debian cloud kernels installed on this machine, "release" per line, by
# series (6.1, 6.12), newest of each series.
distro_release() {
	local series=$1
	ls -1v /boot/vmlinuz-"$series".[0-9]*-cloud-amd64 2>/dev/null |
		sed 's|^/boot/vmlinuz-||' | tail -n 1
}
