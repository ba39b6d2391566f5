#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the instructions of one system call, function by function.

    trace-call.py KALLSYMS BREAK [PORT]

Speaks the gdb remote protocol to QEMU's gdb stub: puts a hardware
breakpoint on the kernel function BREAK (an address from KALLSYMS, the
guest's /proc/kallsyms), lets the guest run until it gets there, then
single-steps until the CPU is back in user space, and prints how many
instructions each function took. tools/bench/trace-call.sh runs it.
With RESMGR_TRACE_PCS=FUNCTION in the environment it also prints each
step inside FUNCTION as FUNCTION+OFFSET, in order, to line up with
objdump -d of the module.
"""
import bisect
import collections
import os
import re
import socket
import struct
import sys
import time


# A traced call is some thousands of instructions; one step takes about a
# millisecond of the stub's time.
MAX_STEPS = 200000


class Stub:
    """A connection to a gdb stub: one packet out, one packet back."""

    def __init__(self, port):
        self.sock = socket.create_connection(('127.0.0.1', port))
        self.buf = b''
        self.sock.sendall(b'+')
        self.send(b'?')
        # The stub may say where it stopped more than once: drop it all.
        time.sleep(0.5)
        self.sock.settimeout(0.5)
        try:
            while self.sock.recv(65536):
                pass
        except socket.timeout:
            pass
        self.sock.settimeout(None)
        self.buf = b''

    def send(self, data):
        self.sock.sendall(b'$%s#%02x' % (data, sum(data) & 0xff))

    def recv(self):
        while True:
            m = re.search(rb'\$([^#]*)#..', self.buf)
            if m:
                self.buf = self.buf[m.end():]
                self.sock.sendall(b'+')
                return m.group(1)
            data = self.sock.recv(65536)
            if not data:
                sys.exit('trace-call: the stub went away')
            self.buf += data

    def cmd(self, data):
        self.send(data)
        return self.recv()

    def pc(self):
        regs = bytes.fromhex(self.cmd(b'g').decode())
        return struct.unpack('<Q', regs[128:136])[0]	# rip is register 16


def main():
    syms = []
    for line in open(sys.argv[1]):
        f = line.split()
        if len(f) >= 3 and f[1] in 'tTwW':
            syms.append((int(f[0], 16), f[2]))
    syms.sort()
    addrs = [a for a, _ in syms]
    where = dict((n, a) for a, n in syms)
    port = int(sys.argv[3]) if len(sys.argv) > 3 else 1234
    if sys.argv[2] not in where:
        sys.exit('trace-call: no function %s in %s' % (sys.argv[2], sys.argv[1]))
    brk = where[sys.argv[2]]

    stub = Stub(port)
    if stub.cmd(b'Z1,%x,1' % brk) != b'OK':
        sys.exit('trace-call: the stub set no breakpoint')
    stop = stub.cmd(b'c')
    m = re.search(rb'thread:([0-9a-f.p]+);', stop)
    stub.cmd(b'z1,%x,1' % brk)
    if m:
        stub.cmd(b'Hg' + m.group(1))
        stub.cmd(b'Hc' + m.group(1))
    count = collections.Counter()
    want = os.environ.get('RESMGR_TRACE_PCS')
    steps = []
    total = 0
    while True:
        pc = stub.pc()
        if pc < 0x800000000000:
            break
        if total >= MAX_STEPS:
            # Stepping follows the CPU, not the thread: a call that slept
            # leaves it in another task or the idle loop, which may never
            # return to user space (one such run stepped for 18 minutes).
            stub.send(b'k')
            sys.exit('trace-call: no return to user space in %d steps (the call '
                     'slept, or the CPU went idle); run it again' % MAX_STEPS)
        i = bisect.bisect_right(addrs, pc) - 1
        count[syms[i][1] if i >= 0 else '?'] += 1
        if i >= 0 and syms[i][1] == want:
            steps.append('%s+%#x' % (want, pc - syms[i][0]))
        total += 1
        stub.cmd(b's')
    stub.send(b'k')
    print('%6d instructions from %s to user space' % (total, sys.argv[2]))
    for name, n in count.most_common():
        print('%6d %s' % (n, name))
    for step in steps:
        print(step)


if __name__ == '__main__':
    main()
