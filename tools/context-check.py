#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that every kernel-doc "Context:" claim in the kernel code is asserted.

For each function with kernel-doc in pathmgr/, iofunc/ and resmgr/:
  - a context that may sleep ("process context", "module init", "module
    exit", "sleeps") needs might_sleep() in the body, or the layer's
    resmgr_/iofunc_/pathmgr_might_sleep() (the same in a debug kernel,
    nothing in others), so the debug kernel (DEBUG_ATOMIC_SLEEP) catches
    a caller in atomic context even on a path that happens not to sleep;
  - "any" (any context, interrupts included) allows no direct call that
    sleeps or that assumes interrupts are on;
  - a claim that a lock is held needs an assertion of it
    (lockdep_assert_held(), mmap_assert_write_locked());
  - "as name()" takes name()'s claim, and "the handler's" a handler's
    (process context).
A context none of these rules recognise is an error too: say it so a
rule can check it. Prints one line per breach; exits non-zero if any.
"""
import os
import re
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ('pathmgr/', 'iofunc/', 'resmgr/')

SLEEPERS = re.compile(r'\b(mutex_lock\w*|down(_read|_write)?(_interruptible|_killable)?|'
                      r'wait_event\w*|wait_var_event\w*|wait_for_completion\w*|msleep\w*|'
                      r'(?:\w+_)?might_sleep|synchronize_rcu|flush_work|cancel_work_sync|'
                      r'copy_(to|from)_user|kthread_stop|schedule)\s*\(|GFP_KERNEL|'
                      r'\bspin_lock_irq\s*\(')
LOCK_ASSERT = re.compile(r'\blockdep_assert_held\w*\s*\(|\bmmap_assert_write_locked\s*\(')
SLEEPY = re.compile(r'process context|module init|module exit|\bsleeps\b|may sleep|'
                    r'a handler|the handler|kernel thread|server thread')
HELD = re.compile(r'\block(s)? held\b|\bheld\b|\blocked\b')


def functions(path):
    """Yield (name, context, body, line) of each kernel-doc'd function."""
    text = open(os.path.join(top, path)).read()
    for m in re.finditer(r'/\*\*\n(.*?)\*/\n((?:[^{};/]|/(?!\*))*?)\b(\w+)\s*\(([^;{]*?)\)\s*\{',
                         text, re.S):
        doc, name = m.group(1), m.group(3)
        c = re.search(r'^ \* Context:\s*(.*?)(?=\n \*\s*\n|\n \*/|\n \* [A-Z]\w*:|\Z)', doc,
                      re.S | re.M)
        if not c:
            continue
        ctx = re.sub(r'\s*\n \*\s*', ' ', c.group(1)).strip()
        # The body: up to the brace that closes the function.
        i, depth = m.end(), 1
        while depth and i < len(text):
            depth += {'{': 1, '}': -1}.get(text[i], 0)
            i += 1
        body = re.sub(r'/\*.*?\*/|//[^\n]*', '', text[m.end():i], flags=re.S)
        yield name, ctx, body, text.count('\n', 0, m.start(3)) + 1


files = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard',
                        '--', '*.c'], cwd=top, capture_output=True, text=True,
                       check=True).stdout.split()
claims = {}
for f in files:
    if f.startswith(DIRS) and not f.endswith('_test.c'):
        for name, ctx, body, line in functions(f):
            claims[name] = (f, ctx, body, line)

bad = []


def kind(ctx, seen=()):
    m = re.match(r'as (\w+)\(\)', ctx)
    if m and m.group(1) in claims and m.group(1) not in seen:
        return kind(claims[m.group(1)][1], seen + (m.group(1),))
    if re.match(r'any\b', ctx):
        return 'any'
    if SLEEPY.search(ctx):
        return 'sleepy'
    return None


for name, (f, ctx, body, line) in sorted(claims.items(), key=lambda x: (x[1][0], x[1][3])):
    k = kind(ctx)
    where = f'{f}:{line}: {name}()'
    if k is None:
        bad.append(f'{where}: no rule checks "Context: {ctx}"')
        continue
    if k == 'sleepy' and not re.search(r'\b(\w+_)?might_sleep\(\)', body):
        bad.append(f'{where}: "Context: {ctx}" but no might_sleep()')
    if k == 'any':
        # An allocation that picks GFP_KERNEL only where it may sleep is fine.
        s = SLEEPERS.search(re.sub(r'preemptible\(\)\s*\?\s*GFP_KERNEL', '', body))
        if s:
            bad.append(f'{where}: "Context: {ctx}" but calls {s.group(0).strip()}')
    if HELD.search(ctx) and not re.search(r'\bno (\w+ )*locks? held', ctx) \
            and not LOCK_ASSERT.search(body):
        bad.append(f'{where}: "Context: {ctx}" but asserts no lock')

for b in bad:
    print(b)
print(f'{len(claims)} Context claims, {len(bad)} unchecked or broken', file=sys.stderr)
sys.exit(1 if bad else 0)
