#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install what the build, the checks and the VM harness need, from
# Debian's packages. Idempotent; needs root only when something is
# missing. Versions are whatever Debian's meta-packages point at now.
set -euo pipefail

pkgs=(
	build-essential bc bison flex libelf-dev libssl-dev dwarves kmod
	xz-utils cpio rsync python3 sparse busybox-static qemu-system-x86
	linux-image-cloud-amd64 linux-headers-cloud-amd64
	linux-image-6.12-cloud-amd64 linux-headers-6.12-cloud-amd64
	linux-source-6.12 dkms python3-sphinx trinity stress-ng pkgconf
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f '${Status}\n' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "[deps] missing packages: ${missing[*]}" >&2
	echo "[deps] run as root: tools/vm/deps.sh" >&2
	exit 1
fi
echo "[deps] installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
