#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# DKMS POST_BUILD / POST_REMOVE: keep the development kit's Module.symvers
# for each kernel DKMS builds resmgr for (drivers built out of tree need
# it, see tools/template/resmgr.mk.in).
#   dkms-symvers.sh KERNELRELEASE            (in the DKMS build directory)
#   dkms-symvers.sh --remove KERNELRELEASE
set -eu
dir=/usr/lib/resmgr/symvers
if [ "$1" = --remove ]; then
	rm -f "$dir/$2/Module.symvers"
	rmdir "$dir/$2" "$dir" 2>/dev/null || true
	exit 0
fi
install -D -m 0644 Module.symvers "$dir/$1/Module.symvers"
