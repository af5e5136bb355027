#!/usr/bin/env python3
"""`qemu-system-x86_64 -trace help` lists every event of
qemu-hw/trace-events and firmware-stub/trace-events, and no other goya
event: the trace-events files are wired into QEMU's build.  Skips (exit
77) without a QEMU ($GOYA_QEMU)."""
import os
import re
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def main():
    qemu = os.environ.get('GOYA_QEMU')
    if not qemu or not os.access(qemu, os.X_OK):
        print('SKIP: no QEMU with -device goya (set GOYA_QEMU)')
        return 77
    want = set()
    for path in ('qemu-hw/trace-events', 'firmware-stub/trace-events'):
        with open(os.path.join(REPO, path)) as f:
            want |= set(re.findall(r'^([a-z0-9_]+)\(', f.read(), re.M))
    out = subprocess.run([qemu, '-trace', 'help'], capture_output=True,
                         text=True, timeout=60, stdin=subprocess.DEVNULL)
    if out.returncode != 0:
        print(out.stderr, file=sys.stderr)
        return 1
    have = {w for w in (out.stdout + out.stderr).split()
            if w.startswith('goya_')}
    kinds = {k: len([n for n in have if re.match(p, n)])
             for k, p in (('err', r'goya_(fw_)?err_'),
                          ('ub', r'goya_(fw_)?ub_'))}
    print(f'-trace help: {len(have)} goya events ({kinds["err"]} error, '
          f'{kinds["ub"]} guest misbehaviour)')
    ok = True
    for name in sorted(want - have):
        print(f'missing from -trace help: {name}', file=sys.stderr)
        ok = False
    for name in sorted(have - want):
        print(f'in -trace help, not in trace-events: {name}',
              file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
