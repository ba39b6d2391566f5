#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: the static checks, then the VM runs on the debug kernel
# and on Debian's 6.1 and 6.12 kernels. Prints each kernel's results and
# closes with the line "N passed, N failed" (skips counted and shown).
# Exits non-zero on any failure.
#
# The work is spread over the machine's two cores: the modules are built
# once per kernel (W=1, warnings as errors: that build is the W=1 check
# and what the VMs load; a build with nothing changed compiles nothing),
# the debug kernel's first, and two lanes run at once. Lane 1 boots the
# debug kernel for KUnit and every program as soon as its build is done,
# then runs the other static checks; lane 2 builds for 6.1 and 6.12, runs
# the install checks, then 6.1 and 6.12. A TCG guest mostly keeps one
# core busy, so the lanes share the machine instead of waiting on each
# other. Measured 2026-12-07 (456 s in all): lane 1 the debug boot 362 s
# + static checks 84 s, lane 2 builds 28 s + install checks 126 s + 6.1
# 133 s + 6.12 130 s.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

"$RESMGR_TOP/tools/vm/deps.sh" || exit 1
start=$(date +%s)
mkdir -p "$RESMGR_BUILD"
logs=$RESMGR_BUILD/check
rm -rf "$logs"
mkdir -p "$logs"

# The module builds, reported as static checks: the debug kernel's
# first, so that lane 1 boots while the others build.
echo "== static checks"
built=()
build() {	# kernel
	local k=$1 tree=$RESMGR_BUILD/$1/tree log=$RESMGR_BUILD/$1/build.log
	if RESMGR_KBUILD_FLAGS="W=1 KCFLAGS=-Werror" \
		"$RESMGR_TOP/tools/vm/run.sh" --kernel "$k" --build-only >"$logs/build-$k.out" 2>&1; then
		built+=("$k")
		# W=1 also runs kernel-doc on the .c files; its complaints are warnings.
		if grep -E "^$tree/.*: (warning|error):|^Warning: " "$log" >"$logs/w1-$k.warnings"; then
			echo "STATIC FAIL build W=1 -Werror ($k) (log: $log)"
			sed 's/^/    /' "$logs/w1-$k.warnings" | head -40
		else
			echo "STATIC ok build W=1 -Werror ($k)"
		fi
	else
		echo "STATIC FAIL build W=1 -Werror ($k) (log: $logs/build-$k.out)"
		grep -E 'warning|error' "$logs/build-$k.out" | sed 's/^/    /' | head -40
	fi >>"$logs/builds.out"
}

lane_run() {	# kernel
	local k=$1
	rm -f "$RESMGR_BUILD/$k/summary.json"
	if [[ " ${built[*]} " != *" $k "* ]]; then
		echo "== $k: not built"
		return
	fi
	"$RESMGR_TOP/tools/vm/run.sh" --kernel "$k" --test --prebuilt
}

lane1() {
	lane_run debug
	RESMGR_SKIP_BUILDS=1 "$RESMGR_TOP/tools/vm/static-checks.sh" >"$logs/static.out"
}

lane2() {
	"$RESMGR_TOP/tools/vm/install-check.sh" >"$logs/install.out"
	lane_run 6.1
	lane_run 6.12
}

build debug
echo "== lane 1: the debug kernel (KUnit and every program), then static checks (log: $logs/lane1.out)"
lane1 >"$logs/lane1.out" 2>&1 &
pid1=$!
build 6.1
build 6.12
cat "$logs/builds.out"
echo "== lane 2: install checks, 6.1, 6.12"
lane2 2>&1 | tee "$logs/lane2.out" | grep --line-buffered '^\[vm\]\|^== '
wait "$pid1"

cat "$logs/static.out" 2>/dev/null
echo "== install, uninstall, the development kit, DKMS"
cat "$logs/install.out" 2>/dev/null
echo "== the VM runs"
cat "$logs/lane1.out" "$logs/lane2.out" | grep -v '^\[vm\]'

static_ok=$(cat "$logs/builds.out" "$logs/static.out" "$logs/install.out" 2>/dev/null |
	grep -c '^STATIC ok\|^INSTALL ok')
static_fail=$(cat "$logs/builds.out" "$logs/static.out" "$logs/install.out" 2>/dev/null |
	grep -c '^STATIC FAIL\|^INSTALL FAIL')

python3 - "$RESMGR_BUILD" "$static_ok" "$static_fail" "$(( $(date +%s) - start ))" \
	debug 6.1 6.12 <<'PY'
import json, os, sys
build, sok, sfail, secs, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]
passed, failed, skipped = sok, sfail, 0
print('== summary')
print(f'   static and install checks: {sok} passed, {sfail} failed')
for k in runs:
    try:
        with open(os.path.join(build, k, 'summary.json')) as f:
            r = json.load(f)
    except (OSError, ValueError):
        print(f'   {k}: no results (the run did not complete)')
        failed += 1
        continue
    bad = r['failed'] + len(r['errors']) + len(r['splats'])
    print(f'   {r["kernel"]}: {r["passed"]} passed, {bad} failed, {r["skipped"]} skipped'
          + (f', {r["retries"]} early boot failure(s) retried' if r['retries'] else ''))
    passed += r['passed']
    failed += bad
    skipped += r['skipped']
print(f'   time: {secs} s')
print(f'{passed} passed, {failed} failed' + (f', {skipped} skipped' if skipped else ''))
sys.exit(1 if failed else 0)
PY
