#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks, each reported as one case ("STATIC ok|FAIL <name>"):
# W=1 builds with warnings as errors against every kernel, sparse (C=2),
# checkpatch --strict with .checkpatch.conf, kernel-doc on the headers and sources.
# Exits non-zero if any check failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

out=$RESMGR_BUILD/static
mkdir -p "$out"
src=$(source_tree)
failed=0

report() {	# name status logfile [the lines that failed it]
	if [ "$2" = 0 ]; then
		echo "STATIC ok $1"
	else
		echo "STATIC FAIL $1 (log: $3)"
		if [ -s "${4:-}" ]; then
			cat "$4"
		else
			grep -E 'warning|error|WARNING|ERROR|CHECK' "$3" || tail -n 20 "$3"
		fi | sed 's/^/    /' | head -40
		failed=$((failed + 1))
	fi
}

build_tree() {	# name -> a private copy of the sources
	sync_sources "$out/$1"
	printf '%s\n' "$out/$1"
}

kdirs=("debug:$("$RESMGR_TOP/tools/vm/debug-kernel.sh")")
for series in 6.1 6.12; do
	rel=$(distro_release "$series")
	[ -n "$rel" ] && kdirs+=("$series:/lib/modules/$rel/build")
done

# make check builds the modules itself (tools/vm/check.sh) and says so.
[ "${RESMGR_SKIP_BUILDS:-}" = 1 ] && kdirs=()
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
	report "build W=1 -Werror ($name)" "$st" "$out/w1-$name.log" "$out/w1-$name.warnings"
done

# sparse against the 6.12 distro headers (what users build against).
rel=$(distro_release 6.12)
tree=$(build_tree sparse)
make -C "/lib/modules/$rel/build" M="$tree" C=2 -j"$JOBS" modules >"$out/sparse.log" 2>&1
st=$?
grep -E "^$tree/.*: (warning|error):" "$out/sparse.log" >"$out/sparse.warnings" && st=1
report "sparse C=2" "$st" "$out/sparse.log" "$out/sparse.warnings"

# checkpatch --strict with .checkpatch.conf, in three groups; any
# ERROR, WARNING or CHECK fails. The exceptions are the QNX API's own
# spelling, and only where that API is spoken:
#  - QNX code (the API headers, resmgr/, iofunc/, lib/, examples, fixtures):
#    typedef'd _t types (NEW_TYPEDEFS), handlers returning positive
#    errno values (USE_NEGATIVE_ERRNO), ENOSYS for "no such message"
#    (ENOSYS), and QNX's function-like macros that name an argument twice
#    (set_device_direction(), SETIOV-style; MACRO_ARG_REUSE), and the
#    message-passing calls' names (MsgReply(); CAMELCASE);
#  - the selftests, which check those ENOSYS answers: ENOSYS; and whose
#    shell scripts are split over lines (SPLIT_STRING, meant for log
#    messages one greps for);
#  - the two compat headers: LINUX_VERSION_CODE tests;
#  - lib/kshim, which defines the kernel's own macros and types for user
#    space (u8 from uint8_t, __packed from __attribute__, EXPORT_SYMBOL()
#    that exports nothing): the rules about using those macros;
#  - everything else (pathmgr/): no exception.
cd "$RESMGR_TOP"
checkpatch() {	# name log ignores files...
	local name=$1 log=$2 ign=$3
	shift 3
	"$src/scripts/checkpatch.pl" --terse ${ign:+--ignore "$ign"} -f "$@" 2>&1 |
		grep -E '(ERROR|WARNING|CHECK):' >"$log"
	[ -s "$log" ] && report "$name" 1 "$log" || report "$name" 0 "$log"
}
all=$(git ls-files --cached --others --exclude-standard -- '*.c' '*.h')
compat="include/resmgr/ns.h resmgr/compat.h"
qnx=$(printf '%s\n' $all | grep -E '^(include/|resmgr/|iofunc/|lib/|examples/|selftests/modules/|tools/devctl/|tools/bench/)' |
	grep -vxF -e include/resmgr/ns.h -e resmgr/compat.h | grep -v '^lib/kshim/')
kshim=$(printf '%s\n' $all | grep '^lib/kshim/')
tests=$(printf '%s\n' $all | grep -E '^selftests/[^/]*$')
plain=$(printf '%s\n' $all | grep -vE '^(include/|resmgr/|iofunc/|lib/|examples/|selftests/|tools/devctl/|tools/bench/)')
checkpatch "checkpatch --strict (pathmgr)" "$out/checkpatch.log" "" $plain
checkpatch "checkpatch --strict (selftests)" "$out/checkpatch-tests.log" ENOSYS,SPLIT_STRING $tests
checkpatch "checkpatch --strict (QNX API code)" "$out/checkpatch-qnx.log" \
	NEW_TYPEDEFS,USE_NEGATIVE_ERRNO,ENOSYS,MACRO_ARG_REUSE,CAMELCASE $qnx
checkpatch "checkpatch --strict (compat headers)" "$out/checkpatch-compat.log" \
	LINUX_VERSION_CODE,CONSTANT_COMPARISON $compat
checkpatch "checkpatch --strict (lib/kshim)" "$out/checkpatch-kshim.log" \
	NEW_TYPEDEFS,PREFER_KERNEL_TYPES,PREFER_DEFINED_ATTRIBUTE_MACRO,VOLATILE,MACRO_ARG_UNUSED,IS_ENABLED_CONFIG,EXPORT_SYMBOL,COMPLEX_MACRO,LINUX_VERSION_CODE,MACRO_ARG_PRECEDENCE,MACRO_ARG_REUSE $kshim

# kernel-doc on the public and layer headers and on every .c file. W=1
# runs it too, but only on what it compiles, and a build with nothing
# changed compiles nothing.
headers=$(git ls-files --cached --others --exclude-standard -- 'include/*.h' '*/pathmgr.h' 'resmgr/*/*.h' '*/internal.h' '*.c' | sort -u)
"$src/scripts/kernel-doc" -none -Wall $headers >"$out/kernel-doc.log" 2>&1
st=$?
[ -s "$out/kernel-doc.log" ] && st=1
report "kernel-doc headers and sources" "$st" "$out/kernel-doc.log"

# Each room of the kernel code is entered through its door only, and no
# function pointer is cast (Documentation/rooms.rst).
"$RESMGR_TOP/tools/rooms-check.py" >"$out/rooms.log" 2>&1
report "rooms and doors (rooms-check.py)" "$?" "$out/rooms.log"

# Every kernel-doc Context: claim is asserted (might_sleep(), lock
# assertions, nothing that sleeps where "any" is promised).
"$RESMGR_TOP/tools/context-check.py" >"$out/context.log" 2>&1
report "Context claims asserted (context-check.py)" "$?" "$out/context.log"

# Documentation/qnx-api.rst says of each QNX identifier what include/ has.
"$RESMGR_TOP/tools/qnx-api-check.py" >"$out/qnx-api.log" 2>&1
report "QNX identifier list (qnx-api.rst)" "$?" "$out/qnx-api.log"

# Documentation/ builds to HTML with warnings as errors (make htmldocs).
"$RESMGR_TOP/tools/docs.sh" >"$out/htmldocs.log" 2>&1
report "htmldocs (sphinx -W)" "$?" "$out/htmldocs.log"

exit $((failed > 0))
