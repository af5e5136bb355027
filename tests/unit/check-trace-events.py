#!/usr/bin/env python3
"""Check qemu-hw/trace-events and firmware-stub/trace-events against the
code: every trace_*() call has an event, every event is called, and every
event sits in its section: normal operation (goya_* / goya_fw_*), errors
(goya_err_* / goya_fw_err_*) or guest misbehaviour (goya_ub_* /
goya_fw_ub_*), as docs/qemu-goya.rst describes; that page names every
event, no other, and gives their number.  Prints the counts."""
import glob
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
FILES = {
    'qemu-hw/trace-events': ('goya_', 'qemu-hw/*.c'),
    'firmware-stub/trace-events': ('goya_fw_', 'firmware-stub/*.c'),
}
SECTIONS = {
    '# normal operation': 'normal',
    '# errors': 'err',
    '# guest misbehaviour': 'ub',
}
DOC = 'docs/qemu-goya.rst'
EVENT = re.compile(r'^([a-z0-9_]+)\(')
CALL = re.compile(r'\btrace_(goya_[a-z0-9_]+)\s*\(')


def kind(name, prefix):
    rest = name[len(prefix):]
    if rest.startswith('err_'):
        return 'err'
    if rest.startswith('ub_'):
        return 'ub'
    return 'normal'


def main():
    errors = []
    events = {}
    counts = {}
    for path, (prefix, _) in FILES.items():
        section = None
        with open(os.path.join(REPO, path)) as f:
            for n, line in enumerate(f, 1):
                line = line.rstrip('\n')
                if line in SECTIONS:
                    section = SECTIONS[line]
                    continue
                m = EVENT.match(line)
                if not m:
                    continue
                name = m.group(1)
                if path.startswith('qemu-hw') and name.startswith('goya_fw_'):
                    errors.append(f'{path}:{n}: {name}: goya_fw_ belongs '
                                  'to firmware-stub/trace-events')
                if not name.startswith(prefix):
                    errors.append(f'{path}:{n}: {name}: not {prefix}*')
                if name in events:
                    errors.append(f'{path}:{n}: {name} defined twice')
                events[name] = path
                k = kind(name, prefix)
                if section != k:
                    errors.append(f'{path}:{n}: {name} is a {k} event in '
                                  f'the {section} section')
                counts[(path, k)] = counts.get((path, k), 0) + 1
    called = set()
    for _, pattern in FILES.values():
        for src in glob.glob(os.path.join(REPO, pattern)):
            with open(src) as f:
                text = f.read()
            for name in CALL.findall(text):
                called.add(name)
                if name not in events:
                    errors.append(f'{os.path.relpath(src, REPO)}: '
                                  f'trace_{name}() has no event')
    for name, path in events.items():
        if name not in called:
            errors.append(f'{path}: {name} is never traced')
    with open(os.path.join(REPO, DOC)) as f:
        doc = f.read()
    named = set(re.findall(r'``(goya_[a-z0-9_]+)``', doc))
    for name in sorted(set(events) - named):
        errors.append(f'{DOC}: {name} not described (Tracing section)')
    for name in sorted(named - set(events)):
        errors.append(f'{DOC}: {name} is not a trace event')
    m = re.search(r'The device has (\d+) trace events', doc)
    if not m or int(m.group(1)) != len(events):
        errors.append(f'{DOC}: "The device has {len(events)} trace events" '
                      'expected')
    for path in FILES:
        n = [counts.get((path, k), 0) for k in ('normal', 'err', 'ub')]
        print(f'{path}: {sum(n)} events: {n[0]} normal, {n[1]} error, '
              f'{n[2]} guest misbehaviour')
    print(f'total: {len(events)}')
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
