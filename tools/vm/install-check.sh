#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Part of `make check`, on the host: for Debian's 6.1 and 6.12 kernels,
# `make install` into a DESTDIR (modules, depmod, the kit), module
# dependencies and modinfo, a driver made by resmgr-new-driver and built
# out of tree against the staged kit (kept for the VM run, which loads
# it), a QNX server built against the staged libresmgr through resmgr.pc,
# and `make uninstall` leaving nothing behind; then DKMS (add, build
# and install for Debian 12's default kernel, 6.1, then remove: a DKMS
# build compiles everything anew, and building for 6.12 as well added
# 40-50 s to make check for a compile the W=1 build and make install
# already do; what DKMS adds, dkms.conf and its hooks, is the same for
# every kernel). One line per check:
# "INSTALL ok NAME" or "INSTALL FAIL NAME".
set -uo pipefail
. "$(dirname "$0")/lib.sh"

out=$RESMGR_BUILD/install-check
version=$(sed -n 's/^#define RESMGR_VERSION\t*"\(.*\)"/\1/p' "$RESMGR_TOP/include/resmgr/version.h")
rm -rf "$out"
mkdir -p "$out"

check() {	# name command...
	local name=$1 log
	shift
	log=$out/$(echo "$name" | tr -c 'a-zA-Z0-9.\n' _).log
	if "$@" >"$log" 2>&1; then
		echo "INSTALL ok $name"
	else
		echo "INSTALL FAIL $name (log: $log)"
		tail -n 15 "$log" | sed 's/^/    /'
	fi
}

staged_files_listed() {	# stage
	local s=$1
	(cd "$s" && find . \( -type f -o -type l \) ! -path './usr/lib/resmgr/manifests/*' |
		sed 's/^\.//' | sort) >"$out/files"
	cat "$s"/usr/lib/resmgr/manifests/* | sort >"$out/listed"
	diff "$out/files" "$out/listed"
}

depends_order() {	# stage krel
	/sbin/modprobe -d "$1" -S "$2" --show-depends rm_ramfs >"$out/deps" &&
		cat "$out/deps" &&
		sed -n 1p "$out/deps" | grep -q '/updates/resmgr/resmgr.ko' &&
		sed -n 2p "$out/deps" | grep -q '/examples/rm_ramfs.ko'
}

modinfo_fields() {	# stage krel
	local f
	/sbin/modinfo -b "$1" -k "$2" rm_ramfs >"$out/modinfo" || return 1
	cat "$out/modinfo"
	for f in "^description: .*RAM file system" "^version: *$version\$" "^license: *GPL" \
		 "^author: " "^depends: *resmgr\$" "^parm: *max_bytes:" "^import_ns: *RESMGR"; do
		grep -q "$f" "$out/modinfo" || { echo "missing: $f"; return 1; }
	done
}

template_build() {	# stage krel kernel
	local kit=$1/usr/lib/resmgr ext=$out/ext-$3
	rm -rf "$ext"
	mkdir -p "$ext"
	RESMGR_KIT=$kit "$1/usr/bin/resmgr-new-driver" rm_tmpl "$ext" &&
		[ "$(grep -vc '^#' "$ext/rm_tmpl/Kbuild")" = 2 ] &&
		make -C "$ext/rm_tmpl" KDIR="/lib/modules/$2/build" RESMGR_KIT="$kit" &&
		/sbin/modinfo "$ext/rm_tmpl/rm_tmpl.ko" | grep -q '^depends: *resmgr$' &&
		mkdir -p "$RESMGR_BUILD/$3/extra" &&
		cp "$ext/rm_tmpl/rm_tmpl.ko" "$RESMGR_BUILD/$3/extra/"
}

# A QNX server builds against the staged libresmgr with nothing but its
# resmgr.pc, shared and static.
pc_build() {	# stage
	local pc=(env PKG_CONFIG_SYSROOT_DIR="$1" PKG_CONFIG_LIBDIR="$1/usr/lib/pkgconfig" pkg-config)
	cc -o "$out/rm_user_null" "$RESMGR_TOP/examples/user/null.c" \
		$("${pc[@]}" --cflags --libs resmgr) &&
	cc -static -o "$out/rm_user_null.static" "$RESMGR_TOP/examples/user/null.c" \
		$("${pc[@]}" --static --cflags --libs resmgr)
}

nothing_left() {	# stage
	[ -z "$(find "$1" -type f -o -type l)" ] && [ -z "$(find "$1" -mindepth 1 -type d -empty)" ] ||
		{ find "$1" -type f -o -type l; return 1; }
}

for k in 6.1 6.12; do
	krel=$(distro_release "$k")
	stage=$out/stage-$k
	rm -rf "$RESMGR_BUILD/$k/extra" "$RESMGR_BUILD/$k/modroot"
	check "$k: make install (DESTDIR)" env DESTDIR="$stage" make -C "$RESMGR_TOP" install KERNELRELEASE="$krel"
	check "$k: every installed file is in a manifest" staged_files_listed "$stage"
	check "$k: modprobe rm_ramfs loads resmgr first" depends_order "$stage" "$krel"
	check "$k: modinfo fields" modinfo_fields "$stage" "$krel"
	check "$k: out-of-tree driver from resmgr-new-driver" template_build "$stage" "$krel" "$k"
	check "$k: a QNX server builds with the installed resmgr.pc" pc_build "$stage"
	# The installed modules and depmod's index, for modprobe in the VM.
	rm -rf "$RESMGR_BUILD/$k/modroot"
	mkdir -p "$RESMGR_BUILD/$k/modroot"
	cp -a "$stage/lib/modules" "$RESMGR_BUILD/$k/modroot/" 2>/dev/null || true
	check "$k: make uninstall (DESTDIR)" env DESTDIR="$stage" make -C "$RESMGR_TOP" uninstall KERNELRELEASE="$krel"
	check "$k: uninstall leaves nothing" nothing_left "$stage"
done

dkms_cycle_steps() {
	local k krel src=/usr/src/resmgr-$version
	grep -q "^PACKAGE_VERSION=\"$version\"\$" "$RESMGR_TOP/dkms.conf" ||
		{ echo "dkms.conf's PACKAGE_VERSION is not $version"; return 1; }
	rm -rf "$src"
	rsync -a --exclude=/build --exclude=/.git --exclude='*.o' --exclude='*.ko' \
		--exclude='*.mod*' --exclude='.*.cmd' "$RESMGR_TOP"/ "$src/" || return 1
	dkms add "resmgr/$version" || return 1
	krel=$(distro_release 6.1)
	dkms install "resmgr/$version" -k "$krel" || return 1
	/sbin/modinfo -k "$krel" rm_ramfs | grep -q "updates/dkms/rm_ramfs.ko" || return 1
	/sbin/modprobe -S "$krel" --show-depends rm_null | head -1 | grep -q 'dkms/resmgr.ko' || return 1
	[ -s "/usr/lib/resmgr/symvers/$krel/Module.symvers" ] || return 1
	dkms remove "resmgr/$version" --all || return 1
	rm -rf "$src"
	for k in 6.1 6.12; do
		krel=$(distro_release "$k")
		! /sbin/modinfo -k "$krel" rm_ramfs >/dev/null 2>&1 || return 1
	done
}

# The steps, and on a failure the cleanup of what they registered.
dkms_cycle() {
	dkms_cycle_steps && return 0
	dkms remove "resmgr/$version" --all >/dev/null 2>&1
	rm -rf "/usr/src/resmgr-$version"
	return 1
}
if command -v dkms >/dev/null && [ "$(id -u)" = 0 ] && [ -n "$(dkms status resmgr 2>/dev/null)" ]; then
	# Someone installed resmgr with DKMS on this machine: leave it alone.
	echo "INSTALL FAIL dkms: resmgr is registered with DKMS here already (dkms status); not touching it"
elif command -v dkms >/dev/null && [ "$(id -u)" = 0 ]; then
	check "dkms: add, install for 6.1, remove" dkms_cycle
else
	echo "INSTALL FAIL dkms: not installed, or not root"
fi
