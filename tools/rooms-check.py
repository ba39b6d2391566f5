#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the rooms of resmgr.ko (Documentation/rooms.rst) keep their doors.

Each folder of kernel code is a room. A file may include, with quotes, a
header of its own folder, or another room's door (DOORS below); never
another room's internal header. The core includes no front-end door (the
front ends register with it). No function pointer is cast anywhere in
the kernel code: handlers are called through their typed members.
Prints one line per breach and exits non-zero if there is any.
"""
import os
import re
import subprocess
import sys

top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The one header of each room that other rooms may include.
DOORS = {
    'pathmgr/pathmgr.h',
    'resmgr/chan/chan.h',
    'resmgr/core/core.h',
    'resmgr/dispatch/dispatch.h',
    'resmgr/devfs/devfs.h',
    'resmgr/fs/resmgrfs.h',
    'resmgr/listing/listing.h',
    'resmgr/compat.h',		# build shims shared by resmgr's rooms
}
# Doors the core must not go through: the front ends are above it.
FRONT_DOORS = {'resmgr/devfs/devfs.h', 'resmgr/fs/resmgrfs.h',
               'resmgr/listing/listing.h'}
KERNEL_DIRS = ('pathmgr/', 'iofunc/', 'resmgr/', 'examples/',
               'selftests/modules/', 'tools/bench/')

files = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard',
                        '--', '*.c', '*.h'], cwd=top, capture_output=True, text=True,
                       check=True).stdout.split()
bad = []
include = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
# A cast to a function pointer type: "(type (*)(args))" before an operand.
fp_cast = re.compile(r'\(\s*[A-Za-z_][\w\s\*]*\(\s*\*\s*\)\s*\([^()]*\)\s*\)\s*[\w&(]')
for f in files:
    if not f.startswith(KERNEL_DIRS):
        continue
    text = open(os.path.join(top, f)).read()
    code = re.sub(r'/\*.*?\*/|//[^\n]*', '', text, flags=re.S)
    here = os.path.dirname(f)
    for m in include.finditer(code):
        target = os.path.normpath(os.path.join(here, m.group(1)))
        if os.path.dirname(target) == here:
            continue
        if not os.path.exists(os.path.join(top, target)):
            continue	# a kernel or kselftest header found on the include path
        if target not in DOORS:
            bad.append(f'{f}: includes {m.group(1)}, which is not a door of its room')
        elif here == 'resmgr/core' and target in FRONT_DOORS:
            bad.append(f'{f}: the core includes the front-end door {m.group(1)}')
    for m in fp_cast.finditer(code):
        line = code.count('\n', 0, m.start()) + 1
        bad.append(f'{f}:{line}: a function-pointer cast: {m.group(0).strip()}')

for b in bad:
    print(b)
sys.exit(1 if bad else 0)
