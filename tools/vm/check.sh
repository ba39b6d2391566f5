#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# `make check`: the static checks, then the VM runs on the debug kernel
# and on Debian's 6.1 and 6.12 kernels. Prints each kernel's results and
# closes with the line "N passed, N failed" (skips counted and shown).
# Exits non-zero on any failure.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

"$RESMGR_TOP/tools/vm/deps.sh" || exit 1
start=$(date +%s)

static_log=$RESMGR_BUILD/static.out
mkdir -p "$RESMGR_BUILD"
echo "== static checks"
"$RESMGR_TOP/tools/vm/static-checks.sh" | tee "$static_log"
static_ok=$(grep -c '^STATIC ok' "$static_log")
static_fail=$(grep -c '^STATIC FAIL' "$static_log")

install_log=$RESMGR_BUILD/install.out
echo "== install, uninstall, the development kit, DKMS"
"$RESMGR_TOP/tools/vm/install-check.sh" | tee "$install_log"
static_ok=$((static_ok + $(grep -c '^INSTALL ok' "$install_log")))
static_fail=$((static_fail + $(grep -c '^INSTALL FAIL' "$install_log")))

kernels=(debug 6.1 6.12)
for k in "${kernels[@]}"; do
	rm -f "$RESMGR_BUILD/$k/summary.json"
	"$RESMGR_TOP/tools/vm/run.sh" --kernel "$k" --test
done

python3 - "$RESMGR_BUILD" "$static_ok" "$static_fail" "$(( $(date +%s) - start ))" "${kernels[@]}" <<'PY'
import json, os, sys
build, sok, sfail, secs, kernels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5:]
passed, failed, skipped = sok, sfail, 0
print('== summary')
print(f'   static and install checks: {sok} passed, {sfail} failed')
for k in kernels:
    try:
        with open(os.path.join(build, k, 'summary.json')) as f:
            r = json.load(f)
    except (OSError, ValueError):
        print(f'   {k}: no results (the run did not complete)')
        failed += 1
        continue
    bad = r['failed'] + len(r['errors']) + len(r['splats'])
    print(f'   {k}: {r["passed"]} passed, {bad} failed, {r["skipped"]} skipped'
          + (f', {r["retries"]} early boot failure(s) retried' if r['retries'] else ''))
    passed += r['passed']
    failed += bad
    skipped += r['skipped']
print(f'   time: {secs} s')
print(f'{passed} passed, {failed} failed' + (f', {skipped} skipped' if skipped else ''))
sys.exit(1 if failed else 0)
PY
