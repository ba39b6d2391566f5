#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make install / make uninstall.
#
#   tools/install.sh install   [KERNELRELEASE]
#   tools/install.sh uninstall [KERNELRELEASE]
#
# install builds the modules (no test modules) for KERNELRELEASE (default:
# the running kernel) against /lib/modules/KERNELRELEASE/build, installs
# them under /lib/modules/KERNELRELEASE/updates/resmgr and runs depmod,
# and installs the development kit in /usr/lib/resmgr (headers,
# resmgr.mk, the template, symvers/KERNELRELEASE/Module.symvers), the
# tools in /usr/bin (rmctl, devctl, resmgr-new-driver) and libresmgr for
# user-space servers (/usr/lib/libresmgr.{a,so}, /usr/include/resmgr,
# /usr/lib/pkgconfig/resmgr.pc). DESTDIR stages it
# all elsewhere. Every file it creates is listed in a manifest, one per
# kernel plus one for the kit shared by all kernels; uninstall removes
# exactly those files (the kit's with the last kernel), the directories
# that became empty, and runs depmod again.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
action=${1:-}
krel=${2:-$(uname -r)}
dest=${DESTDIR:-}
kit=/usr/lib/resmgr
version=$(sed -n 's/^#define RESMGR_VERSION\t*"\(.*\)"/\1/p' "$top/include/resmgr/version.h")
manifests=$dest$kit/manifests
kman=$manifests/$krel
cman=$manifests/kit

die() { echo "install: $*" >&2; exit 1; }
[ -n "$version" ] || die "no version in include/resmgr/version.h"

# depmod; index files it creates (in a fresh DESTDIR) go in manifest $1.
run_depmod() {
	local d=$dest/lib/modules/$krel f
	[ -d "$d" ] || return 0
	if [ -z "$dest" ]; then
		depmod -a "$krel"
		return
	fi
	[ -n "$(find "$d" -name '*.ko*' -print -quit)" ] || return 0
	local before
	before=$(ls "$d")
	depmod -b "$dest" "$krel" 2>/dev/null || true
	for f in $(ls "$d"); do
		case " $(echo $before) " in *" $f "*) ;; *) [ -z "${1:-}" ] || echo "/lib/modules/$krel/$f" >>"$1" ;; esac
	done
}

# Install a file, recording it unless it was there already.
put() {	# mode src dst manifest
	local dst=$dest$3
	local new=1
	[ -e "$dst" ] && new=0
	install -D -m "$1" "$2" "$dst"
	[ "$new" = 0 ] || echo "$3" >>"$4"
}

# Install a symbolic link, recording it unless it was there already.
put_link() {	# target dst manifest
	local dst=$dest$2
	local new=1
	[ -e "$dst" ] || [ -L "$dst" ] && new=0
	mkdir -p "$(dirname "$dst")"
	ln -sfn "$1" "$dst"
	[ "$new" = 0 ] || echo "$2" >>"$3"
}

do_install() {
	local kdir=/lib/modules/$krel/build build=$top/build/install/$krel f rel
	[ -d "$kdir" ] || die "no kernel headers for $krel in $kdir"
	[ ! -e "$kman" ] || die "resmgr is already installed for $krel (make uninstall first)"
	mkdir -p "$manifests" "$build"
	# What kbuild left in the copy stays: a second install compiles nothing.
	rsync -a --delete --exclude=/build --exclude=/.git --exclude='*.o' --exclude='*.ko' \
		--exclude='.*.cmd' --exclude='*.mod' --exclude='*.mod.c' --exclude=Module.symvers \
		--exclude=modules.order "$top"/ "$build/tree/"
	make -s -C "$kdir" M="$build/tree" RESMGR_TESTS=0 modules
	: >"$kman.tmp"
	# modules_install into a private directory, then record each file.
	rm -rf "$build/mods"
	# Unsigned: the distribution's signing key is not ours (DKMS signs
	# with the machine's own key where Secure Boot wants one).
	make -s -C "$kdir" M="$build/tree" RESMGR_TESTS=0 INSTALL_MOD_PATH="$build/mods" \
		INSTALL_MOD_DIR=updates/resmgr DEPMOD=true CONFIG_MODULE_SIG_ALL= \
		modules_install >/dev/null
	(cd "$build/mods" && find . -type f -path '*/updates/resmgr/*') | while read -r f; do
		rel=${f#.}
		put 0644 "$build/mods$rel" "$rel" "$kman.tmp"
	done
	put 0644 "$build/tree/Module.symvers" "$kit/symvers/$krel/Module.symvers" "$kman.tmp"

	# The kit and the tools, shared by all kernels.
	[ -e "$cman" ] || : >"$cman"
	(cd "$top" && find include/resmgr include/qnx include/uapi -type f -name '*.h') |
		while read -r f; do put 0644 "$top/$f" "$kit/$f" "$cman"; done
	for f in driver.c.in Kbuild.in Makefile.in; do
		put 0644 "$top/tools/template/$f" "$kit/template/$f" "$cman"
	done
	sed "s|@KIT@|$kit|g" "$top/tools/template/resmgr.mk.in" >"$build/resmgr.mk"
	put 0644 "$build/resmgr.mk" "$kit/resmgr.mk" "$cman"
	echo "$version" >"$build/VERSION"
	put 0644 "$build/VERSION" "$kit/VERSION" "$cman"
	make -s -C "$top/tools/rmctl" OUTPUT="$build/tools"
	make -s -C "$top/tools/devctl" OUTPUT="$build/tools"
	put 0755 "$build/tools/rmctl" /usr/bin/rmctl "$cman"
	put 0755 "$build/tools/devctl" /usr/bin/devctl "$cman"
	put 0755 "$top/tools/new-driver" /usr/bin/resmgr-new-driver "$cman"
	# libresmgr: lib/Makefile stages it, each file is put from there.
	rm -rf "$build/lib"
	make -s -C "$top/lib" OUT="$build/libout" DESTDIR="$build/lib" PREFIX=/usr install
	(cd "$build/lib" && find . -type f -o -type l) | while read -r f; do
		rel=${f#.}
		if [ -L "$build/lib$rel" ]; then
			put_link "$(readlink "$build/lib$rel")" "$rel" "$cman"
		else
			put "$(stat -c %a "$build/lib$rel")" "$build/lib$rel" "$rel" "$cman"
		fi
	done
	run_depmod "$kman.tmp"
	mv "$kman.tmp" "$kman"
	echo "install: resmgr $version for $krel: $(wc -l <"$kman") module files; kit in $dest$kit"
}

# Remove the files a manifest lists, then directories left empty.
remove_listed() {	# manifest
	local f d
	while read -r f; do
		rm -f "$dest$f"
		d=$(dirname "$f")
		while [ "$d" != / ] && rmdir "$dest$d" 2>/dev/null; do
			d=$(dirname "$d")
		done
	done <"$1"
	rm -f "$1"
}

do_uninstall() {
	local d
	[ -e "$kman" ] || die "resmgr is not installed for $krel"
	remove_listed "$kman"
	if [ -z "$(ls -A "$manifests" | grep -vx kit)" ] && [ -e "$cman" ]; then
		remove_listed "$cman"
	fi
	rmdir "$manifests" 2>/dev/null || true
	d=$kit
	while [ "$d" != / ] && rmdir "$dest$d" 2>/dev/null; do
		d=$(dirname "$d")
	done
	run_depmod ""
	echo "install: resmgr removed for $krel"
}

case "$action" in
install) do_install ;;
uninstall) do_uninstall ;;
*) die "usage: tools/install.sh install|uninstall [KERNELRELEASE]" ;;
esac
