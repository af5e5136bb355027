#!/usr/bin/env python3
"""Replay the generic-fuzz reproducers of tests/fuzz/reproducers/ in QEMU.

Usage: replay-qtest.py [FILE.qtest ...]   (default: every reproducer)

A reproducer is what QEMU's own tooling makes of a generic-fuzz finding
(docs/devel/testing/fuzzing.rst: QTEST_LOG=1 + reorder_fuzzer_qtest_trace.py,
minimised): qtest protocol commands, one a line, for
``qemu-system-x86_64 ARGS -qtest stdio``.  Lines starting with '#' are
comments, except

  # args: ...             the QEMU arguments (default: the generic-fuzz-goya
                          entry's, without -accel/-display, which are added)
  COMMAND   # => RESPONSE the response COMMAND must get (e.g. 'OK 0x40')

Each reproducer runs in $GOYA_QEMU and, when it is built, in the ASan+UBSan
qemu-system-x86_64 of scripts/build-qemu-fuzz.sh.  It passes when QEMU
answers every command (no crash, no hang), every expected response matches,
QEMU exits with status 0 on SIGTERM and prints no sanitizer report.
Exit status 77 (skip) without a QEMU.

SPDX-License-Identifier: GPL-2.0-or-later
"""
import glob
import os
import select
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', 'qtest'))
from qtest import find_qemu, find_sanitizer_qemu   # noqa: E402

DEFAULT_ARGS = '-M q35 -nodefaults -L /usr/share/seabios -m 512M -device goya'
TIMEOUT = 60.0


def parse(path):
    args, cmds = DEFAULT_ARGS, []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith('# args:'):
                args = line[len('# args:'):].strip()
            elif line and not line.startswith('#'):
                cmd, _, want = line.partition('# =>')
                cmds.append((cmd.strip(), want.strip() or None))
    return args.split(), cmds


def read_response(proc, buf):
    """One response line (IRQ notifications skipped); None on EOF/timeout."""
    while True:
        while b'\n' not in buf[0]:
            r, _, _ = select.select([proc.stdout], [], [], TIMEOUT)
            if not r:
                return None
            data = os.read(proc.stdout.fileno(), 65536)
            if not data:
                return None
            buf[0] += data
        line, buf[0] = buf[0].split(b'\n', 1)
        line = line.decode(errors='replace').strip()
        if not line.startswith('IRQ'):
            return line


def replay(qemu, path):
    args, cmds = parse(path)
    env = dict(os.environ, ASAN_OPTIONS='detect_leaks=0',
               UBSAN_OPTIONS='print_stacktrace=1')
    proc = subprocess.Popen([qemu] + args + ['-display', 'none', '-accel',
                                             'qtest', '-qtest', 'stdio',
                                             '-qtest-log', '/dev/null'],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env)
    buf = [b'']
    problems = []
    for n, (cmd, want) in enumerate(cmds, 1):
        try:
            proc.stdin.write(cmd.encode() + b'\n')
            proc.stdin.flush()
        except BrokenPipeError:
            problems.append('QEMU gone before command %d (%s)' % (n, cmd))
            break
        resp = read_response(proc, buf)
        if resp is None:
            problems.append('no response to command %d (%s)' % (n, cmd))
            break
        if want is not None and resp != want:
            problems.append('command %d (%s): %r, expected %r'
                            % (n, cmd, resp, want))
    if proc.poll() is None:
        proc.terminate()                # QEMU quits cleanly on SIGTERM
    try:
        rc = proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        rc = proc.wait()
        problems.append('QEMU did not exit')
    err = proc.stderr.read().decode(errors='replace')
    if rc != 0:
        problems.append('exit status %d' % rc)
    if 'Sanitizer' in err or 'runtime error' in err:
        problems.append('sanitizer report')
    for p in problems:
        print('  FAIL: %s' % p)
    if problems:
        print(err[-3000:])
    return not problems


def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, 'reproducers',
                                                           '*.qtest')))
    qemus = list(dict.fromkeys(q for q in (find_qemu(), find_sanitizer_qemu())
                               if q))
    if not qemus:
        print('SKIP: no QEMU with -device goya (set GOYA_QEMU)')
        return 77
    ok = True
    for q in qemus:
        print('QEMU: %s' % q)
        for f in files:
            good = replay(q, f)
            print('%s: %s' % ('ok' if good else 'FAIL', os.path.basename(f)))
            ok &= good
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
