#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Summarise one VM run: KUnit (via the kernel's kunit.py parse), the
selftests' TAP, module load/unload, kmemleak and kernel splats.

Reads <out>/console.log (kernel console, ttyS0) and <out>/results.log
(the guest script's reports, ttyS1). Writes <out>/summary.json and exits
non-zero on any failure, on an expected suite or program that reported
nothing, on a VM that did not finish, and on any splat.
"""
import argparse
import json
import os
import re
import subprocess
import sys

SPLATS = [
    (re.compile(r'\bBUG: '), 'BUG'),
    (re.compile(r'\bWARNING: '), 'WARNING'),
    (re.compile(r'\bKASAN: '), 'KASAN'),
    (re.compile(r'\bUBSAN: '), 'UBSAN'),
    (re.compile(r'\bOops\b'), 'Oops'),
    (re.compile(r'general protection fault'), 'GPF'),
    (re.compile(r'Kernel panic'), 'panic'),
    (re.compile(r'possible (recursive|circular) locking'), 'lockdep'),
    (re.compile(r'turning off the locking correctness validator'), 'lockdep'),
    (re.compile(r'INFO: (task .* blocked|possible|trying to register|lockdep)'), 'lockdep'),
    (re.compile(r'kmemleak: .*(new suspected|unreferenced)'), 'kmemleak'),
    (re.compile(r'rcu: INFO: .*stall'), 'RCU stall'),
]

TAP_RE = re.compile(r'^\s*(not ok|ok) (\d+) (.*?)(?:\s+#\s*(SKIP|TODO)\b.*)?$')


def read(path):
    try:
        with open(path, errors='replace') as f:
            return f.read().replace('\r', '')
    except FileNotFoundError:
        return ''


def sections(text, begin, end):
    """Yield (name, rest-of-end-line, body) for BEGIN/END marker pairs."""
    cur, body = None, []
    for line in text.splitlines():
        if line.startswith(begin):
            cur, body = line[len(begin):].strip(), []
        elif line.startswith(end) and cur is not None:
            yield cur, line[len(end):].strip(), body
            cur = None
        elif cur is not None:
            body.append(line)
    if cur is not None:
        yield cur, None, body


def kunit_leaves(node, suite, out):
    cases = node.get('test_cases', [])
    groups = node.get('sub_groups', [])
    for g in groups:
        kunit_leaves(g, suite or g.get('name'), out)
    for c in cases:
        out.append((suite or node.get('name'), c.get('name'), c.get('status')))


def kunit(args, console, res):
    suites = args.suites.split()
    if not suites:
        return
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE='1')
    jpath = os.path.join(args.out, 'kunit.json')
    # Only what the kernel printed after init started: the module loads.
    # (The built-in executor prints an empty KTAP document at boot.)
    start = console.find('Run /init as init process')
    kpath = os.path.join(args.out, 'kunit-input.log')
    with open(kpath, 'w') as f:
        f.write(console[start:] if start >= 0 else console)
    if os.path.exists(jpath):
        os.unlink(jpath)
    proc = subprocess.run([sys.executable, args.kunit_py, 'parse', f'--json={jpath}', kpath],
                          capture_output=True, text=True, env=env)
    with open(os.path.join(args.out, 'kunit.txt'), 'w') as f:
        f.write(proc.stdout + proc.stderr)
    try:
        with open(jpath) as f:
            tree = json.load(f)
    except (OSError, ValueError):
        res['errors'].append('kunit.py parse produced no results')
        return
    leaves = []
    kunit_leaves(tree, None, leaves)
    seen = {}
    for suite, case, status in leaves:
        seen.setdefault(suite, 0)
        seen[suite] += 1
        if status == 'PASS':
            res['passed'] += 1
        elif status == 'SKIP':
            res['skipped'] += 1
        else:
            res['failed'] += 1
            res['failures'].append(f'kunit {suite}:{case} {status}')
    for s in suites:
        if not seen.get(s):
            res['errors'].append(f'KUnit suite {s} reported nothing')
    res['kunit'] = {s: seen.get(s, 0) for s in suites}


def selftests(args, results, res):
    progs = args.progs.split()
    found = {}
    for name, end, body in sections(results, 'RESMGR-PROG-BEGIN ', 'RESMGR-PROG-END '):
        counted = 0
        for line in body:
            m = TAP_RE.match(line)
            if not m or line.startswith(' '):
                continue
            counted += 1
            if m.group(4) == 'SKIP':
                res['skipped'] += 1
            elif m.group(1) == 'ok':
                res['passed'] += 1
            else:
                res['failed'] += 1
                res['failures'].append(f'selftest {name}: {m.group(3)}')
        found[name] = counted
        if end is None:
            res['errors'].append(f'selftest {name} never finished')
            continue
        rc = int(re.search(r'rc=(\d+)', end).group(1))
        if counted == 0:
            res['errors'].append(f'selftest {name} reported nothing (rc={rc})')
        elif rc not in (0, 4) and not any(f.startswith(f'selftest {name}:') for f in res['failures']):
            res['errors'].append(f'selftest {name} exited {rc}')
    for p in progs:
        if p not in found:
            res['errors'].append(f'selftest {p} did not run')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--kernel', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--retries', type=int, default=0)
    ap.add_argument('--kunit-py', default='')
    ap.add_argument('--suites', default='')
    ap.add_argument('--progs', default='')
    ap.add_argument('--demo', action='store_true')
    args = ap.parse_args()

    args.out = os.path.abspath(args.out)
    console = read(os.path.join(args.out, 'console.log'))
    results = read(os.path.join(args.out, 'results.log'))
    res = {'kernel': args.kernel, 'passed': 0, 'failed': 0, 'skipped': 0,
           'failures': [], 'errors': [], 'splats': [], 'retries': args.retries}

    if not re.search(r'^RESMGR-HARNESS start', results, re.M):
        res['errors'].append('the guest script never started')
    elif not re.search(r'^RESMGR-HARNESS done', results, re.M):
        res['errors'].append('the VM did not finish (timeout or crash)')
    for m in re.finditer(r'^RESMGR-(LOAD|UNLOAD) fail (\S+)', results, re.M):
        res['errors'].append(f'{m.group(1).lower()} of {m.group(2)} failed')
    for line in console.splitlines():
        for rx, kind in SPLATS:
            if rx.search(line):
                res['splats'].append(f'{kind}: {line.strip()[:160]}')
                break
    for _, _, body in sections(results, 'RESMGR-KMEMLEAK-BEGIN', 'RESMGR-KMEMLEAK-END'):
        leaks = [l for l in body if 'unreferenced object' in l]
        if leaks:
            res['splats'].append(f'kmemleak: {len(leaks)} unreferenced objects')

    if not args.demo:
        kunit(args, console, res)
        selftests(args, results, res)

    bad = res['failed'] + len(res['errors']) + len(res['splats'])
    with open(os.path.join(args.out, 'summary.json'), 'w') as f:
        json.dump(res, f, indent=1)

    k = args.kernel
    if args.demo:
        print(f'== demo on {k}: ' + ('clean: no errors, no kernel splats' if not bad else 'PROBLEMS:'))
        for item in res['errors'] + res['splats'][:20]:
            print(f'   {item}')
        return 1 if bad else 0
    print(f'== {k}: {res["passed"]} passed, {bad} failed, '
          f'{res["skipped"]} skipped'
          + (f' ({args.retries} early boot failure(s) retried)' if args.retries else ''))
    if 'kunit' in res:
        print(f'   KUnit suites: ' + ', '.join(f'{s} ({n} cases)' for s, n in res['kunit'].items()))
    for item in res['failures']:
        print(f'   FAIL {item}')
    for item in res['errors']:
        print(f'   ERROR {item}')
    for item in res['splats'][:20]:
        print(f'   SPLAT {item}')
    print(f'   logs: {args.out}/console.log, {args.out}/results.log')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
