#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Build (or reuse) the debug kernel: tinyconfig + tools/vm/debug.config
# on Debian's linux-source-6.12. Cached under $RESMGR_CACHE, keyed by the
# fragment and the source version; rebuilt only when either changes.
# Prints the build directory (usable as KDIR) on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

frag=$RESMGR_TOP/tools/vm/debug.config
src=$(source_tree)
key=$( (cat "$frag"; source_version) | sha256sum | cut -c1-16)
out=$RESMGR_CACHE/debug-$key

if [ -f "$out/.built" ]; then
	printf '%s\n' "$out"
	exit 0
fi

log "building the debug kernel in $out (several minutes on first run)"
rm -rf "$out"
mkdir -p "$out"
start=$(date +%s)
make -s -C "$src" O="$out" ARCH=x86_64 tinyconfig >&2
"$src"/scripts/kconfig/merge_config.sh -m -O "$out" "$out/.config" "$frag" >&2
make -s -C "$src" O="$out" ARCH=x86_64 olddefconfig >&2

# Every option the fragment asks for must have survived olddefconfig.
missing=0
while IFS= read -r line; do
	case "$line" in
	CONFIG_*=*)
		grep -qxF "$line" "$out/.config" || { log "missing in .config: $line"; missing=1; }
		;;
	"# CONFIG_"*" is not set")
		opt=${line#\# }; opt=${opt%% *}
		if grep -q "^$opt=" "$out/.config"; then log "should be unset: $opt"; missing=1; fi
		;;
	esac
done < "$frag"
[ "$missing" = 0 ] || die "debug kernel config does not have what debug.config asks for"

make -s -C "$src" O="$out" ARCH=x86_64 -j"$JOBS" bzImage modules >&2
touch "$out/.built"
log "debug kernel built in $(( $(date +%s) - start )) s"
printf '%s\n' "$out"
