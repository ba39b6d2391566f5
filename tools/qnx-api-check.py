#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check Documentation/qnx-api.rst against the headers under include/.

Every row of its tables names a QNX identifier and says "provided",
"differs" or "absent". A provided or differing identifier must be
defined in include/ (a macro, a function declaration, a type or a
struct); an absent one must not be. Prints one line per mismatch and
exits non-zero if there is any.
"""
import glob
import os
import re
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
doc = os.path.join(top, 'Documentation', 'qnx-api.rst')
src = '\n'.join(open(f).read()
                for f in glob.glob(os.path.join(top, 'include', '**', '*.h'), recursive=True))
# Comments do not define anything.
src = re.sub(r'/\*.*?\*/', '', src, flags=re.S)


def defined(name):
    n = re.escape(name)
    return any(re.search(p, src) for p in (
        r'#\s*define\s+' + n + r'\b',                 # a macro
        r'\b' + n + r'\s*\(',                         # a function
        r'\}\s*(\w+\s*,\s*)*' + n + r'\s*[,;]',        # a typedef'd struct or union
        r'typedef\b[^;{}#]*\b' + n + r'\s*;',         # a plain typedef
        r'\b(struct|union)\s+' + n + r'\s*\{',        # a struct tag
        r'^\s*' + n + r'\s*[,=]',                     # an enumerator
    ))


rows = bad = 0
row = re.compile(r'^``([A-Za-z_][A-Za-z0-9_]*)``\s+(provided|differs|absent)\b', re.M)
for m in row.finditer(open(doc).read()):
    name, status = m.groups()
    rows += 1
    have = defined(name)
    if status == 'absent' and have:
        print(f'qnx-api.rst: {name} is "absent" but include/ defines it')
        bad += 1
    elif status != 'absent' and not have:
        print(f'qnx-api.rst: {name} is "{status}" but include/ does not define it')
        bad += 1
print(f'qnx-api.rst: {rows} identifiers checked, {bad} wrong')
sys.exit(1 if bad or not rows else 0)
