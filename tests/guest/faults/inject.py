#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Inject faults into a running Goya device over QMP (docs/fault-injection.md).

    inject.py --qmp SOCK [--device PATH] FAULT[,key=value]...  (qom-set inject)
    inject.py --qmp SOCK [--device PATH] --get PROP            (qom-get)
    inject.py --qmp SOCK --hmp 'COMMAND'                       (HMP, e.g. AER)

Uses QEMU's own QMP client (python/qemu/qmp of the QEMU source tree: env
GOYA_QEMU_SRC, else the goya-emu cache).  Exit status: 0 done, 1 QEMU
refused (its error message on stderr), 2 usage or connection errors."""
import argparse
import os
import sys


def qemu_python_path():
    cands = []
    if os.environ.get('GOYA_QEMU_SRC'):
        cands.append(os.path.join(os.environ['GOYA_QEMU_SRC'], 'python'))
    cache = os.environ.get('GOYA_CACHE') or os.path.join(
        os.environ.get('HOME') or '/root', '.cache', 'goya-emu')
    cands.append(os.path.join(cache, 'qemu', 'src', 'python'))
    for c in cands:
        if os.path.isdir(os.path.join(c, 'qemu', 'qmp')):
            return c
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--qmp', required=True, help='QMP unix socket path')
    ap.add_argument('--device', default='/machine/peripheral/goya0',
                    help='QOM path of the device (default %(default)s)')
    ap.add_argument('--get', metavar='PROP', help='read a property')
    ap.add_argument('--hmp', metavar='CMD', help='run an HMP command')
    ap.add_argument('fault', nargs='*', help='fault specification(s)')
    args = ap.parse_args()
    if not args.fault and not args.get and not args.hmp:
        ap.error('nothing to do')

    path = qemu_python_path()
    if not path:
        print('inject.py: QEMU python packages not found (set GOYA_QEMU_SRC)',
              file=sys.stderr)
        return 2
    sys.path.insert(0, path)
    from qemu.qmp.legacy import QEMUMonitorProtocol  # noqa: E402

    qmp = QEMUMonitorProtocol(args.qmp)
    try:
        qmp.connect()
    except Exception as e:  # pylint: disable=broad-except
        print(f'inject.py: cannot connect to {args.qmp}: {e}', file=sys.stderr)
        return 2
    rc = 0
    try:
        if args.hmp:
            r = qmp.cmd_raw('human-monitor-command',
                            {'command-line': args.hmp})
            if 'error' in r:
                print(r['error']['desc'], file=sys.stderr)
                rc = 1
            elif r.get('return'):
                print(r['return'].rstrip())
                if 'rror' in r['return']:
                    rc = 1
        for spec in args.fault:
            r = qmp.cmd_raw('qom-set', {'path': args.device,
                                        'property': 'inject', 'value': spec})
            if 'error' in r:
                print(r['error']['desc'], file=sys.stderr)
                rc = 1
            else:
                print(f'injected: {spec}')
        if args.get:
            r = qmp.cmd_raw('qom-get', {'path': args.device,
                                        'property': args.get})
            if 'error' in r:
                print(r['error']['desc'], file=sys.stderr)
                rc = 1
            else:
                print(r['return'])
    finally:
        qmp.close()
    return rc


if __name__ == '__main__':
    sys.exit(main())
