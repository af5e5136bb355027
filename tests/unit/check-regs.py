#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Check the emulator's register headers against the habanalabs driver's.

Every object-like ``#define NAME value`` in qemu-hw/goya_regs.h and
firmware-stub/goya_fw_regs.h must either be defined by the Linux 6.1
driver's headers (drivers/misc/habanalabs/include, Gaudi directories
excluded) with the same value, or be listed in ALLOW below with a reason.
Values are compared after evaluation, so ``0x7FFC000000ull``, ``(1 << 18)``,
``BIT(18)``, ``GENMASK(21, 20)`` and macros defined in terms of other
macros all work.  Enumerators (``PACKET_LIN_DMA = 0x9,``) count as
definitions.

Where the driver's headers come from, first found wins:
  --driver-include DIR (or the first positional argument);
  $GOYA_CACHE/ref/linux-source-6.1/drivers/misc/habanalabs/include
  (GOYA_CACHE defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/goya-emu);
  Debian's linux-source-6.1 as driver/kmod/build-module.sh unpacks it into
  $GOYA_CACHE/kmod/*/debian-src/6.1.*/;
  /usr/src/linux-source-6.1.tar.xz, extracted into a temporary directory.
With none of them the test is skipped (exit 77).

Exit status: 0 all good, 1 mismatches, 2 usage/parse errors, 77 skipped.
"""

import argparse
import glob
import os
import re
import sys
import tarfile
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..'))
OUR_HEADERS = [
    os.path.join(REPO, 'qemu-hw', 'goya_regs.h'),
    os.path.join(REPO, 'firmware-stub', 'goya_fw_regs.h'),
]
DRIVER_SUBDIR = os.path.join('drivers', 'misc', 'habanalabs', 'include')
TARBALL = '/usr/src/linux-source-6.1.tar.xz'

# Names that are ours: not defined by the driver (or defined there under a
# different name).  Each needs a reason.  An entry that the driver does
# define is reported, so the list stays honest.
ALLOW = {
    # name: (reason, driver expression it must equal, or None)
    'GOYA_REGS_H': ('include guard', None),
    'GOYA_FW_REGS_H': ('include guard', None),
    # QMAN block layout, derived from the driver's register offsets
    'QM_OFF': ('helper macro: register offset within a QMAN block', None),
    'QM_BLOCK_SIZE': ('size of one QM/CMDQ register block',
                      'mmMME_CMDQ_GLBL_CFG0 - mmMME_QM_GLBL_CFG0'),
    'DMA_QM_STRIDE': ('distance between DMA QMANs',
                      'mmDMA_QM_1_GLBL_CFG0 - mmDMA_QM_0_GLBL_CFG0'),
    'TPC_STRIDE': ('distance between TPC blocks',
                   'mmTPC1_QM_GLBL_CFG0 - mmTPC0_QM_GLBL_CFG0'),
    # bit fields the driver spells per block (DMA_QM_0_*, TPC0_CFG_*, ...)
    'QM_GLBL_STS0_IDLE_MASK': (
        'the four GLBL_STS0 idle bits',
        'DMA_QM_0_GLBL_STS0_PQF_IDLE_MASK | DMA_QM_0_GLBL_STS0_CQF_IDLE_MASK'
        ' | DMA_QM_0_GLBL_STS0_CP_IDLE_MASK |'
        ' DMA_QM_0_GLBL_STS0_DMA_IDLE_MASK'),
    'QM_GLBL_STS0_STOP_SHIFT': ('first GLBL_STS0 is-stop bit',
                                'DMA_QM_0_GLBL_STS0_PQF_IS_STOP_SHIFT'),
    'QM_GLBL_CFG1_CP_STOP': ('GLBL_CFG1 CP_STOP',
                             'DMA_QM_0_GLBL_CFG1_CP_STOP_MASK'),
    'QM_GLBL_CFG1_STOP_MASK': (
        'the four GLBL_CFG1 stop bits',
        'DMA_QM_0_GLBL_CFG1_PQF_STOP_MASK | DMA_QM_0_GLBL_CFG1_CQF_STOP_MASK'
        ' | DMA_QM_0_GLBL_CFG1_CP_STOP_MASK |'
        ' DMA_QM_0_GLBL_CFG1_DMA_STOP_MASK'),
    'QM_CP_STS_FENCE_IN_PROGRESS': ('CP_STS fence in progress',
                                    'DMA_QM_0_CP_STS_FENCE_IN_PROGRESS_MASK'),
    'QM_CP_STS_FENCE_ID_SHIFT': ('CP_STS fence id',
                                 'DMA_QM_0_CP_STS_FENCE_ID_SHIFT'),
    'MME_ARCH_STATUS_IDLE': (
        'SB A/B/CIN/COUT empty (what goya_is_device_idle() wants)',
        'MME_ARCH_STATUS_SB_A_EMPTY_MASK | MME_ARCH_STATUS_SB_B_EMPTY_MASK |'
        ' MME_ARCH_STATUS_SB_CIN_EMPTY_MASK |'
        ' MME_ARCH_STATUS_SB_COUT_EMPTY_MASK'),
    'TPC_CFG_STATUS_IDLE': (
        'TPC pipes/queues empty (what goya_is_device_idle() wants)',
        'TPC0_CFG_STATUS_SCALAR_PIPE_EMPTY_MASK |'
        ' TPC0_CFG_STATUS_VECTOR_PIPE_EMPTY_MASK |'
        ' TPC0_CFG_STATUS_IQ_EMPTY_MASK |'
        ' TPC0_CFG_STATUS_NO_INFLIGH_MEM_ACCESSES_MASK'),
    'TPC_CFG_FUNC_MBIST_CNTRL_START': (
        'MBIST start', 'TPC0_CFG_FUNC_MBIST_CNTRL_MBIST_START_MASK'),
    'TPC_CFG_FUNC_MBIST_CNTRL_DONE': (
        'MBIST done', 'TPC0_CFG_FUNC_MBIST_CNTRL_MBIST_DONE_MASK'),
    'MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID': (
        'capture valid bit', 'MMU_PAGE_ERROR_CAPTURE_ENTRY_VALID_MASK'),
}

# Values the driver's headers use from <linux/...> headers we do not parse.
BUILTINS = {
    'SZ_1K': 1 << 10, 'SZ_4K': 1 << 12, 'SZ_8K': 1 << 13,
    'SZ_16K': 1 << 14, 'SZ_32K': 1 << 15, 'SZ_64K': 1 << 16,
    'SZ_1M': 1 << 20, 'SZ_2M': 1 << 21, 'SZ_4M': 1 << 22,
    'SZ_8M': 1 << 23, 'SZ_16M': 1 << 24, 'SZ_32M': 1 << 25,
    'SZ_64M': 1 << 26, 'SZ_128M': 1 << 27, 'SZ_256M': 1 << 28,
    'SZ_512M': 1 << 29, 'SZ_1G': 1 << 30, 'SZ_2G': 1 << 31,
    'SZ_4G': 1 << 32,
}
MASK64 = (1 << 64) - 1

DEFINE_RE = re.compile(r'^\s*#\s*define\s+([A-Za-z_]\w*)(\(?)(.*)$')
ENUM_RE = re.compile(r'^\s*([A-Za-z_]\w*)\s*=\s*([^,/]+?)\s*,?\s*(/[*/].*)?$')


# Offsets within a QMAN block, defined by our QM_OFF() from the driver's
# mmDMA_QM_0_* registers.
DERIVED_RE = re.compile(r'^QM_OFF\((mmDMA_QM_0_\w+)\)$')


class EvalError(Exception):
    pass


def strip_comments(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    return re.sub(r'//[^\n]*', '', text)


def logical_lines(text):
    return strip_comments(text.replace('\\\n', ' ')).splitlines()


def parse_header(path, with_enums):
    """Return [(name, expr, is_function_like)] defined in @path."""
    out = []
    with open(path, encoding='utf-8', errors='replace') as f:
        text = f.read()
    in_enum = False
    for line in logical_lines(text):
        m = DEFINE_RE.match(line)
        if m:
            out.append((m.group(1), m.group(3).strip(), m.group(2) == '('))
            continue
        if not with_enums:
            continue
        if re.match(r'^\s*(typedef\s+)?enum\b', line):
            in_enum = True
        if in_enum:
            m = ENUM_RE.match(line)
            if m:
                out.append((m.group(1), m.group(2).strip(), False))
            if '}' in line:
                in_enum = False
    return out


def tokenize(expr):
    return re.findall(r'0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|'
                      r'<<|>>|\S', expr)


CAST_TYPES = {'u8', 'u16', 'u32', 'u64', 'int', 'unsigned', 'long', 'char',
              'short', 'uint32_t', 'uint64_t', 'size_t', 'signed'}


class Evaluator:
    def __init__(self, table):
        self.table = table      # name -> expr (object-like only)
        self.cache = {}

    def value(self, name, depth=0):
        if name in self.cache:
            return self.cache[name]
        if name in BUILTINS:
            return BUILTINS[name]
        if name not in self.table or depth > 32:
            raise EvalError('undefined: ' + name)
        v = self.eval(self.table[name], depth + 1)
        self.cache[name] = v
        return v

    def eval(self, expr, depth=0):
        toks = tokenize(expr)
        py = []
        i = 0
        while i < len(toks):
            t = toks[i]
            # casts: ( type [type...] )
            if t == '(':
                j = i + 1
                while j < len(toks) and toks[j] in CAST_TYPES:
                    j += 1
                if j > i + 1 and j < len(toks) and toks[j] == ')':
                    i = j + 1
                    continue
            if re.match(r'^(0[xX][0-9a-fA-F]+|\d+)[uUlL]*$', t):
                lit = t.rstrip('uUlL')
                py.append(str(int(lit, 16) if lit[:2].lower() == '0x' else
                              int(lit, 8) if len(lit) > 1 and lit[0] == '0'
                              else int(lit)))
            elif t == 'QM_OFF':
                args, i = self.call_args(toks, i + 1)
                py.append('(%d)' % ((self.eval(args[0], depth) -
                                     self.value('mmDMA_QM_0_GLBL_CFG0',
                                                depth)) & MASK64))
                continue
            elif t in ('BIT', 'BIT_ULL', 'GENMASK', 'GENMASK_ULL'):
                args, i = self.call_args(toks, i + 1)
                vals = [self.eval(a, depth) for a in args]
                if t.startswith('BIT'):
                    py.append(str(1 << vals[0]))
                else:
                    hi, lo = vals
                    py.append(str(((1 << (hi + 1)) - 1) & ~((1 << lo) - 1)))
                continue
            elif re.match(r'^[A-Za-z_]\w*$', t):
                py.append('(%d)' % self.value(t, depth))
            elif t == '/':
                py.append('//')
            elif t in ('+', '-', '*', '%', '<<', '>>', '&', '|', '^', '~',
                       '(', ')'):
                py.append(t)
            else:
                raise EvalError('cannot evaluate %r' % expr)
            i += 1
        if not py:
            raise EvalError('empty value')
        try:
            return eval(' '.join(py), {'__builtins__': {}}, {}) & MASK64
        except Exception as e:  # noqa: BLE001 - report any failure
            raise EvalError('cannot evaluate %r: %s' % (expr, e))

    @staticmethod
    def call_args(toks, i):
        if i >= len(toks) or toks[i] != '(':
            raise EvalError('macro call without arguments')
        depth, args, cur = 0, [], []
        i += 1
        while i < len(toks):
            t = toks[i]
            if t == '(':
                depth += 1
            elif t == ')':
                if depth == 0:
                    args.append(' '.join(cur))
                    return args, i + 1
                depth -= 1
            elif t == ',' and depth == 0:
                args.append(' '.join(cur))
                cur = []
                i += 1
                continue
            cur.append(t)
            i += 1
        raise EvalError('unbalanced macro call')


def find_driver_include(arg, tarball):
    if arg:
        return arg, None
    cache = os.environ.get('GOYA_CACHE') or os.path.join(
        os.environ.get('XDG_CACHE_HOME') or
        os.path.join(os.path.expanduser('~'), '.cache'), 'goya-emu')
    cand = os.path.join(cache, 'ref', 'linux-source-6.1', DRIVER_SUBDIR)
    if os.path.isdir(cand):
        return cand, None
    # Debian's linux-source-6.1 as driver/kmod/build-module.sh unpacks it
    # (kmod/<kernel release>/debian-src/<version>-<hash>/), newest first.
    unpacked = sorted(glob.glob(os.path.join(cache, 'kmod', '*', 'debian-src',
                                             '6.1.*', DRIVER_SUBDIR)),
                      key=os.path.getmtime, reverse=True)
    if unpacked:
        return unpacked[0], None
    if os.path.isfile(tarball):
        tmp = tempfile.TemporaryDirectory(prefix='check-regs-')
        want = '/' + DRIVER_SUBDIR.replace(os.sep, '/') + '/'
        with tarfile.open(tarball) as tar:
            members = [m for m in tar if want in '/' + m.name and m.isfile()
                       and m.name.endswith('.h')]
            for m in members:
                # Only regular header files, flattened under tmp.
                rel = m.name[m.name.index(DRIVER_SUBDIR.replace(os.sep, '/'))
                             + len(DRIVER_SUBDIR):].lstrip('/')
                if '..' in rel.split('/'):
                    continue
                dst = os.path.join(tmp.name, rel)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with tar.extractfile(m) as src, open(dst, 'wb') as out:
                    out.write(src.read())
        if members:
            return tmp.name, tmp
        tmp.cleanup()
    return None, None


def load_driver(inc):
    """name -> [(expr, relpath)] from the driver's non-Gaudi headers."""
    defs = {}
    for root, dirs, files in os.walk(inc):
        dirs[:] = sorted(d for d in dirs if not d.startswith('gaudi'))
        for fn in sorted(files):
            if not fn.endswith('.h'):
                continue
            path = os.path.join(root, fn)
            rel = os.path.relpath(path, inc)
            for name, expr, fn_like in parse_header(path, with_enums=True):
                if not fn_like:
                    defs.setdefault(name, []).append((expr, rel))
    return defs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('driver_include_pos', nargs='?', metavar='DRIVER_INCLUDE')
    ap.add_argument('--driver-include', help='drivers/misc/habanalabs/include')
    ap.add_argument('--tarball', default=TARBALL,
                    help='Linux source tarball (default %(default)s)')
    ap.add_argument('--header', action='append',
                    help='our header to check (default: both)')
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()

    inc, tmp = find_driver_include(args.driver_include or
                                   args.driver_include_pos, args.tarball)
    if not inc:
        print('SKIP: no driver source (pass DRIVER_INCLUDE, fill $GOYA_CACHE/'
              'ref or install linux-source-6.1)')
        return 77
    if not os.path.isdir(os.path.join(inc, 'goya')):
        print('error: %s has no goya/ headers' % inc, file=sys.stderr)
        return 2
    drv = load_driver(inc)
    drv_eval = Evaluator({n: v[0][0] for n, v in drv.items()})

    headers = args.header or OUR_HEADERS
    ours = []
    for h in headers:
        for name, expr, fn_like in parse_header(h, with_enums=False):
            ours.append((name, expr, fn_like, os.path.basename(h)))
    our_eval = Evaluator({n: e for n, e, f, _ in ours if not f and e})

    checked = failed = allowed = 0
    for name, expr, fn_like, hdr in ours:
        where = '%s: %s' % (hdr, name)
        if name in ALLOW:
            allowed += 1
            if name in drv:
                print('FAIL %s: allow-listed as ours but the driver defines '
                      'it (%s)' % (where, drv[name][0][1]))
                failed += 1
                continue
            reason, dexpr = ALLOW[name]
            if dexpr:
                try:
                    want = drv_eval.eval(dexpr)
                    mine = our_eval.value(name)
                except EvalError as e:
                    print('FAIL %s: %s' % (where, e))
                    failed += 1
                    continue
                if mine != want:
                    print('FAIL %s = 0x%x, driver %s = 0x%x' % (
                        where, mine, dexpr, want))
                    failed += 1
                    continue
            if args.verbose:
                print('ours %s: %s%s' % (where, reason,
                                         ' (= driver\'s %s)' % dexpr
                                         if dexpr else ''))
            continue
        m = DERIVED_RE.match(expr)
        if m and not fn_like:
            # QM_X = QM_OFF(mmDMA_QM_0_X): an offset within a QMAN block,
            # checked through the driver's register it is derived from.
            base = m.group(1)
            if base not in drv or 'mmDMA_QM_0_GLBL_CFG0' not in drv:
                print('FAIL %s: derived from %s, which the driver does not '
                      'define' % (where, base))
                failed += 1
                continue
            checked += 1
            try:
                off = (drv_eval.value(base) -
                       drv_eval.value('mmDMA_QM_0_GLBL_CFG0')) & MASK64
                mine = our_eval.value(name)
            except EvalError as e:
                print('FAIL %s: %s' % (where, e))
                failed += 1
                continue
            if mine != off or off >= 0x1000:
                print('FAIL %s = 0x%x, driver offset 0x%x' % (
                    where, mine, off))
                failed += 1
            elif args.verbose:
                print('ok   %s = 0x%x (offset of %s)' % (where, off, base))
            continue
        if fn_like or not expr:
            print('FAIL %s: function-like or empty macro not in the '
                  'allow-list' % where)
            failed += 1
            continue
        if name not in drv:
            print('FAIL %s: not defined by the driver (add it to ALLOW with '
                  'a reason if it is ours)' % where)
            failed += 1
            continue
        checked += 1
        try:
            mine = our_eval.value(name)
        except EvalError as e:
            print('FAIL %s: %s' % (where, e))
            failed += 1
            continue
        theirs, errors = [], []
        for dexpr, rel in drv[name]:
            try:
                theirs.append((drv_eval.eval(dexpr), rel))
            except EvalError as e:
                errors.append('%s: %s' % (rel, e))
        if any(v == mine for v, _ in theirs):
            if args.verbose:
                print('ok   %s = 0x%x' % (where, mine))
            continue
        failed += 1
        if theirs:
            print('FAIL %s = 0x%x, driver: %s' % (
                where, mine, ', '.join('0x%x (%s)' % t for t in theirs)))
        else:
            print('FAIL %s: driver value not evaluable: %s' % (
                where, '; '.join(errors)))
    names_failed = failed
    stale = [] if args.header else sorted(set(ALLOW) -
                                          {n for n, _, _, _ in ours})
    for name in stale:
        print('FAIL allow-list entry %s is not in our headers' % name)
        failed += 1
    if tmp:
        tmp.cleanup()
    print('check-regs: %d names compared with %s, %d ours (allow-listed), '
          '%d failures' % (checked, inc, allowed, failed))
    print('%d passed, %d failed' % (len(ours) - names_failed,
                                    names_failed + len(stale)))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
