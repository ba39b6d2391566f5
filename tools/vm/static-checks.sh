#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks, each reported as one case ("STATIC ok|FAIL <name>"):
# W=1 builds with warnings as errors against every kernel, sparse (C=2),
# checkpatch --strict with .checkpatch.conf, kernel-doc on the headers.
# Exits non-zero if any check failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

out=$RESMGR_BUILD/static
mkdir -p "$out"
src=$(source_tree)
failed=0

report() {	# name status logfile
	if [ "$2" = 0 ]; then
		echo "STATIC ok $1"
	else
		echo "STATIC FAIL $1 (log: $3)"
		{ grep -E 'warning|error|WARNING|ERROR|CHECK' "$3" || tail -n 20 "$3"; } |
			sed 's/^/    /' | head -40
		failed=$((failed + 1))
	fi
}

build_tree() {	# name -> a private copy of the sources
	rsync -a --delete --exclude=/build --exclude=/.git --exclude='*.o' \
		--exclude='*.ko' --exclude=/selftests/out "$RESMGR_TOP"/ "$out/$1/"
	printf '%s\n' "$out/$1"
}

kdirs=("debug:$("$RESMGR_TOP/tools/vm/debug-kernel.sh")")
for series in 6.1 6.12; do
	rel=$(distro_release "$series")
	[ -n "$rel" ] && kdirs+=("$series:/lib/modules/$rel/build")
done

for kd in "${kdirs[@]}"; do
	name=${kd%%:*}
	kdir=${kd#*:}
	tree=$(build_tree "w1-$name")
	make -C "$kdir" M="$tree" W=1 KCFLAGS=-Werror -j"$JOBS" modules \
		>"$out/w1-$name.log" 2>&1
	st=$?
	# W=1 also runs kernel-doc on the .c files; its complaints are warnings.
	grep -E '^/.*: (warning|error):|^Warning: ' "$out/w1-$name.log" | grep -v "^$kdir" \
		>"$out/w1-$name.warnings" && st=1
	report "build W=1 -Werror ($name)" "$st" "$out/w1-$name.log"
done

# sparse against the 6.12 distro headers (what users build against).
rel=$(distro_release 6.12)
tree=$(build_tree sparse)
make -C "/lib/modules/$rel/build" M="$tree" C=2 -j"$JOBS" modules >"$out/sparse.log" 2>&1
st=$?
grep -E "^$tree/.*: (warning|error):" "$out/sparse.log" >"$out/sparse.warnings" && st=1
report "sparse C=2" "$st" "$out/sparse.log"

# checkpatch: project rules from .checkpatch.conf. The one exception is
# include/resmgr/ns.h, the compat header, which must test the version.
cd "$RESMGR_TOP"
files=$(git ls-files --cached --others --exclude-standard -- '*.c' '*.h' | grep -v '^include/resmgr/ns.h$')
"$src/scripts/checkpatch.pl" --terse -f $files >"$out/checkpatch.log" 2>&1
report "checkpatch --strict" "$?" "$out/checkpatch.log"
"$src/scripts/checkpatch.pl" --terse --ignore LINUX_VERSION_CODE,CONSTANT_COMPARISON \
	-f include/resmgr/ns.h >"$out/checkpatch-ns.log" 2>&1
report "checkpatch --strict (compat header)" "$?" "$out/checkpatch-ns.log"

# kernel-doc on the public and layer headers (W=1 covers the .c files).
headers=$(git ls-files --cached --others --exclude-standard -- 'include/*.h' '*/pathmgr.h' '*/internal.h')
"$src/scripts/kernel-doc" -none -Wall $headers >"$out/kernel-doc.log" 2>&1
st=$?
[ -s "$out/kernel-doc.log" ] && st=1
report "kernel-doc headers" "$st" "$out/kernel-doc.log"

exit $((failed > 0))
