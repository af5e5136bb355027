#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The goya device as a patch series for QEMU, generated from this repo.

The out-of-tree layout (qemu-hw/, firmware-stub/, docs/qemu-goya.rst,
tests/qtest/goya-test.c, tests/fuzz/generic-fuzz-goya.inc) is the source
of truth.  This script turns it into commits on top of a clean QEMU tree
and is used three ways:

  qemu-series.py init-base DIR     make the bare base repository (the
                                   cache's qemu.git) from a pristine tree
  qemu-series.py sync SRC          make SRC (the tree QEMU is built from)
                                   equal to base + series: only files whose
                                   content differs are written, so a fresh
                                   clone does not rebuild QEMU
  qemu-series.py series DIR        write the series (git format-patch,
                                   with a cover letter) into DIR
  qemu-series.py check             the series passes checkpatch.pl, applies
                                   with `git am` to a clean checkout of the
                                   base, and the result is the tree QEMU
                                   was built from

--qemu TREE uses another clean QEMU git tree (its HEAD) as the base, e.g.
a clone of QEMU master.  Nothing is ever written into the base repository:
series objects go to a temporary object directory.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CACHE = os.environ.get('GOYA_CACHE',
                       os.path.expanduser('~/.cache/goya-emu'))
BASE_GIT = os.path.join(CACHE, 'qemu', 'qemu.git')
BASE_TAG = 'goya-base'
# Build configuration of this project, not part of the series.
LOCAL_ONLY = {'configs/devices/x86_64-softmmu/goya.mak'}
# Paths that only the series may create: anything else there is stale.
SERIES_OWNED = ('hw/misc/goya/', 'docs/system/devices/goya.rst',
                'tests/qtest/goya-test.c', 'docs/specs/goya.rst')

FW_FILES = ['goya-port.h', 'goya_fw.c', 'goya_fw.h', 'goya_fw_if.h',
            'goya_fw_regs.h', 'trace-events', 'trace.h']
CORE_FILES = ['goya_core.c', 'goya_core.h', 'goya_regs.h', 'goya_mem.c',
              'goya_mmu.c', 'goya_qman.c', 'goya_sync.c', 'goya_protect.c',
              'goya_coresight.c', 'goya_inject.c', 'goya_inject.h',
              'goya_state.c']
SKIN_FILES = ['goya.c', 'Kconfig', 'meson.build', 'trace-events', 'trace.h']


def die(msg):
    sys.stderr.write('qemu-series: error: %s\n' % msg)
    sys.exit(1)


def git(args, env=None, cwd=None, data=None, check=True):
    p = subprocess.run(['git'] + args, env=env, cwd=cwd, input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if check and p.returncode != 0:
        die('git %s: %s' % (' '.join(args[:3]),
                            p.stderr.decode(errors='replace').strip()))
    return p.stdout


def read(path):
    with open(path, 'rb') as f:
        return f.read()


# --- edits of existing QEMU files -----------------------------------------

def insert_after(text, anchor, new, where='after'):
    """Insert `new` lines after (or before) the first line equal to anchor."""
    lines = text.split('\n')
    for i, line in enumerate(lines):
        if line == anchor:
            at = i + 1 if where == 'after' else i
            return '\n'.join(lines[:at] + new + lines[at:])
    die('anchor line %r not found' % anchor)


def maintainers_add(text, entries):
    """Add F: lines to the Goya section, creating it after igb's."""
    title = 'Habana Labs Goya accelerator'
    lines = text.split('\n')
    if title not in lines:
        start = lines.index('igb')
        end = start
        while lines[end] != '':
            end += 1
        section = [title, 'M: goya-emu developers <%s>' % author()[1],
                   'S: Maintained']
        lines[end + 1:end + 1] = section + ['']
    i = lines.index(title)
    end = i
    while lines[end] != '':
        end += 1
    lines[end:end] = ['F: ' + e for e in entries]
    return '\n'.join(lines)


def fuzz_add(text, entry):
    start = text.index('const generic_fuzz_config predefined_configs[] = {')
    close = text.index('\n};', start)
    body = text[start:close].rstrip()
    if body.endswith('}'):
        body += ','
    return text[:start] + body + '\n' + entry.rstrip().rstrip(',') + \
        '\n' + text[close + 1:]


# --- the series -----------------------------------------------------------

def author():
    name = os.environ.get('GOYA_SERIES_NAME')
    mail = os.environ.get('GOYA_SERIES_EMAIL')
    if not name or not mail:
        out = git(['-C', REPO, 'log', '-1', '--format=%an%n%ae']).decode()
        n, m = out.strip().split('\n')
        name, mail = name or n, mail or m
    return name, mail


def patches():
    """(subject, body, new files {dest: bytes}, edits {dest: fn})."""
    qh = os.path.join(REPO, 'qemu-hw')
    fw = os.path.join(REPO, 'firmware-stub')
    series = []
    series.append((
        'hw/misc/goya: add the emulated Goya device CPU firmware',
        'The Goya accelerator boots an embedded CPU that runs Habana\'s\n'
        'firmware: the boot handshake the driver polls, the CPU-CP queue\n'
        'protocol (device info, sensors, packets), and the event queue.\n'
        'This is a QEMU-free emulation of what that CPU does, driven by\n'
        'the device model added next.  Not built yet.',
        {'hw/misc/goya/firmware-stub/' + f: read(os.path.join(fw, f))
         for f in FW_FILES},
        {'MAINTAINERS':
         lambda t: maintainers_add(t, ['hw/misc/goya/firmware-stub/'])}))
    series.append((
        'hw/misc/goya: add the Goya accelerator core',
        'The device core, kept free of QEMU types: register file, SRAM and\n'
        'sparse DRAM, the device MMU, the queue managers and DMA engines,\n'
        'the sync manager, register protection, coresight as the driver\n'
        'polls it, fault injection and the migratable state.  The PCI\n'
        'function that hosts it comes in the next patch.  Not built yet.',
        {'hw/misc/goya/' + f: read(os.path.join(qh, f)) for f in CORE_FILES},
        {'MAINTAINERS': lambda t: maintainers_add(t, ['hw/misc/goya/goya_*'])}))
    series.append((
        'hw/misc/goya: add the Goya PCIe device',
        'A PCI Express function (1da3:0001) with the BARs, MSI-X vectors,\n'
        'ELBI window and iATU the habanalabs driver programs, wired to the\n'
        'core and the emulated firmware: the unmodified Linux driver\n'
        'reaches Operational and runs command submissions.  Needs\n'
        'extended config space, hence q35.',
        {'hw/misc/goya/' + f: read(os.path.join(qh, f)) for f in SKIN_FILES},
        {'MAINTAINERS': lambda t: maintainers_add(
            t, ['hw/misc/goya/Kconfig', 'hw/misc/goya/goya.c',
                'hw/misc/goya/meson.build', 'hw/misc/goya/trace*']),
         'hw/misc/Kconfig':
         lambda t: insert_after(t, 'source macio/Kconfig',
                                ['', 'source goya/Kconfig']),
         'hw/misc/meson.build':
         lambda t: insert_after(t, "subdir('macio')", ["subdir('goya')"]),
         'meson.build':
         lambda t: insert_after(t, "    'hw/misc',",
                                ["    'hw/misc/goya',",
                                 "    'hw/misc/goya/firmware-stub',"])}))
    series.append((
        'docs/system/devices: document the goya device',
        'Properties, buses, tracing and examples (command line and libvirt).',
        {'docs/system/devices/goya.rst':
         read(os.path.join(REPO, 'docs', 'qemu-goya.rst'))},
        {'MAINTAINERS':
         lambda t: maintainers_add(t, ['docs/system/devices/goya.rst']),
         'docs/system/device-emulation.rst':
         lambda t: insert_after(t, '   devices/igb.rst',
                                ['   devices/goya.rst'])}))
    qtest = os.path.join(REPO, 'tests', 'qtest', 'goya-test.c')
    if os.path.exists(qtest):
        series.append((
            'tests/qtest: add a qtest for the goya device',
            'IDs, BARs, MSI-X, the ELBI window, the boot handshake with the\n'
            'emulated firmware, bad properties and fault injection, as a\n'
            'libqos driver node.  goya is PCIe-only and libqos knows only\n'
            'the i440FX pc machine for x86_64, so the test adds an x86_64/q35\n'
            'machine node whose host bridge produces a pcie-bus interface.',
            {'tests/qtest/goya-test.c': read(qtest)},
            {'MAINTAINERS':
             lambda t: maintainers_add(t, ['tests/qtest/goya-test.c']),
             'tests/qtest/meson.build':
             lambda t: insert_after(t, "  'igb-test.c',", ["  'goya-test.c',"],
                                    where='before')}))
    fuzz = os.path.join(REPO, 'tests', 'fuzz', 'generic-fuzz-goya.inc')
    if os.path.exists(fuzz):
        entry = read(fuzz).decode()
        # lines starting with // are notes for this repo, not for QEMU
        entry = '\n'.join(line for line in entry.split('\n')
                          if not line.startswith('//'))
        series.append((
            'tests/qtest/fuzz: add a generic-fuzz configuration for goya',
            'Fuzz the MMIO BARs and DMA of -device goya on q35.',
            {},
            {'tests/qtest/fuzz/generic_fuzz_configs.h':
             lambda t: fuzz_add(t, entry)}))
    return series


class Builder:
    """Commits of the series on top of a base, in a private object dir."""

    def __init__(self, base_git, base_rev):
        self.tmp = tempfile.mkdtemp(prefix='goya-series.')
        objects = os.path.join(self.tmp, 'objects')
        os.makedirs(objects)
        self.env = dict(os.environ, GIT_DIR=base_git,
                        GIT_OBJECT_DIRECTORY=objects,
                        GIT_ALTERNATE_OBJECT_DIRECTORIES=os.path.join(
                            base_git, 'objects'),
                        GIT_INDEX_FILE=os.path.join(self.tmp, 'index'))
        self.base = git(['rev-parse', base_rev + '^{commit}'],
                        env=self.env).decode().strip()
        name, mail = author()
        date = git(['-C', REPO, 'log', '-1', '--format=%ad',
                    '--date=raw']).decode().strip()
        self.env.update(GIT_AUTHOR_NAME=name, GIT_AUTHOR_EMAIL=mail,
                        GIT_COMMITTER_NAME=name, GIT_COMMITTER_EMAIL=mail,
                        GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
        self.signoff = 'Signed-off-by: %s <%s>' % (name, mail)

    def g(self, args, data=None):
        return git(args, env=self.env, data=data)

    def blob(self, path):
        return self.g(['cat-file', 'blob', ':' + path])

    def build(self):
        self.g(['read-tree', self.base])
        tip = self.base
        for subject, body, files, edits in patches():
            for path, data in sorted(files.items()):
                sha = self.g(['hash-object', '-w', '--stdin'], data).decode()
                self.g(['update-index', '--add', '--cacheinfo',
                        '100644,%s,%s' % (sha.strip(), path)])
            for path, edit in edits.items():
                old = self.blob(path).decode()
                sha = self.g(['hash-object', '-w', '--stdin'],
                             edit(old).encode()).decode()
                self.g(['update-index', '--cacheinfo',
                        '100644,%s,%s' % (sha.strip(), path)])
            tree = self.g(['write-tree']).decode().strip()
            msg = '%s\n\n%s\n\n%s\n' % (subject, body, self.signoff)
            tip = self.g(['commit-tree', tree, '-p', tip],
                         msg.encode()).decode().strip()
        self.tip = tip
        return tip

    def changed(self):
        out = self.g(['diff-tree', '-r', '--name-only', '--no-renames',
                      self.base, self.tip]).decode()
        return [p for p in out.split('\n') if p]

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def base_of(args, need_clean=True):
    if args.qemu:
        tree = os.path.abspath(args.qemu)
        if not os.path.isdir(tree):
            die('QEMU tree %s is missing' % tree)
        gdir = git(['-C', tree, 'rev-parse', '--absolute-git-dir'],
                   check=False).decode().strip()
        if not gdir:
            die('%s is not a git tree' % tree)
        if need_clean and git(['-C', tree, 'status', '--porcelain',
                '--untracked-files=no']).strip():
            die('QEMU tree %s is dirty: commit or stash first' % tree)
        return gdir, 'HEAD'
    if not os.path.isdir(BASE_GIT):
        die('no clean QEMU tree: %s is missing (run scripts/build-qemu.sh '
            '--prepare, or give --qemu TREE)' % BASE_GIT)
    return BASE_GIT, BASE_TAG


def cmd_init_base(args):
    src = os.path.abspath(args.dir)
    if not os.path.isfile(os.path.join(src, 'VERSION')):
        die('%s is not a QEMU tree' % src)
    tmp = BASE_GIT + '.tmp'
    shutil.rmtree(tmp, ignore_errors=True)
    git(['init', '-q', '--bare', tmp])
    env = dict(os.environ, GIT_DIR=tmp, GIT_WORK_TREE=src,
               GIT_INDEX_FILE=os.path.join(tmp, 'index.init'),
               GIT_AUTHOR_NAME='Debian', GIT_AUTHOR_EMAIL='debian@invalid',
               GIT_COMMITTER_NAME='Debian',
               GIT_COMMITTER_EMAIL='debian@invalid')
    version = read(os.path.join(src, 'VERSION')).decode().strip()
    # uncompressed loose objects: ~10 s less on a cold set-up, ~400 MB disk
    git(['-c', 'core.looseCompression=0', 'add', '-A', '-f', '.'], env=env)
    git(['commit', '-q', '-m', 'QEMU %s as shipped by Debian' % version],
        env=env)
    git(['tag', BASE_TAG], env=env)
    os.unlink(os.path.join(tmp, 'index.init'))
    shutil.rmtree(BASE_GIT, ignore_errors=True)
    os.rename(tmp, BASE_GIT)


def worktree_changes(env, src):
    """Paths where the work tree differs from the index, and untracked."""
    git(['update-index', '-q', '--refresh'], env=env, cwd=src, check=False)
    out = git(['diff-files', '--name-only', '--no-renames'], env=env,
              cwd=src).decode().split('\n')
    out += git(['ls-files', '--others'], env=env, cwd=src).decode().split('\n')
    return [p for p in out if p]


def cmd_sync(args):
    """SRC := base + series for every path the series touches; paths only
    the series owns that it does not have (an older layout) are removed;
    every other tracked path must be as in the base."""
    src = os.path.abspath(args.src)
    b = Builder(*base_of(args, need_clean=False))
    try:
        b.build()
        wrote = 0
        for path in b.changed():
            data = b.g(['cat-file', 'blob', '%s:%s' % (b.tip, path)])
            dest = os.path.join(src, path)
            if os.path.islink(dest):
                os.unlink(dest)
            if os.path.isfile(dest) and read(dest) == data:
                continue
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with open(dest, 'wb') as f:
                f.write(data)
            wrote += 1
        # What else differs from base + series in SRC?
        env = dict(b.env, GIT_WORK_TREE=src,
                   GIT_INDEX_FILE=os.path.join(CACHE, 'qemu', 'src.index'))
        git(['read-tree', '--reset', b.tip], env=env)
        stale = []
        for path in worktree_changes(env, src):
            if path in LOCAL_ONLY:
                continue
            if not git(['ls-files', '--', path], env=env, cwd=src).strip():
                if path.startswith(SERIES_OWNED):
                    os.unlink(os.path.join(src, path))
                else:
                    stale.append(path)
                continue
            # e.g. an older integration edited it: back to base + series
            data = git(['cat-file', 'blob', '%s:%s' % (b.tip, path)],
                       env=env)
            dest = os.path.join(src, path)
            if os.path.islink(dest):
                os.unlink(dest)
            with open(dest, 'wb') as f:
                f.write(data)
            wrote += 1
        if stale:
            sys.stderr.write('qemu-series: note: files in %s that neither '
                             'QEMU nor the series has: %s\n'
                             % (src, ' '.join(stale[:10])))
        if args.verbose:
            print('%d file(s) written' % wrote)
    finally:
        b.close()


def write_series(b, out):
    name, mail = author()
    git(['format-patch', '-q', '--cover-letter', '--no-signature',
         '--subject-prefix=PATCH', '-o', out, '%s..%s' % (b.base, b.tip)],
        env=b.env)
    cover = sorted(f for f in os.listdir(out) if f.startswith('0000-'))[0]
    path = os.path.join(out, cover)
    text = read(path).decode()
    version = b.g(['cat-file', 'blob', b.base + ':VERSION']).decode().strip()
    text = text.replace('*** SUBJECT HERE ***',
                        'hw/misc: Habana Labs Goya accelerator (goya)')
    text = text.replace('*** BLURB HERE ***', (
        '-device goya is a PCIe model of the Habana Labs Goya (HL-1000)\n'
        'inference accelerator, faithful enough that the unmodified Linux\n'
        'habanalabs driver binds to it, boots its device CPU and runs\n'
        'command submissions through its queues, DMA engines and MMU.\n\n'
        'Generated from the goya-emu repository (qemu-hw/, firmware-stub/,\n'
        'docs/qemu-goya.rst, tests/) by ./goya-emu qemu-series; based on\n'
        'QEMU %s.  Each patch passes scripts/checkpatch.pl; the\n'
        'series applies with git am, builds, and the goya qos test passes.\n'
        'Against QEMU master the context lines of MAINTAINERS, meson.build\n'
        'and tests/qtest/meson.build may have moved.\n' % version))
    with open(path, 'w') as f:
        f.write(text)
    return sorted(os.path.join(out, f) for f in os.listdir(out))


def cmd_series(args):
    out = os.path.abspath(args.dir)
    if os.path.exists(out) and (not os.path.isdir(out) or os.listdir(out)):
        die('%s exists and is not an empty directory: nothing written' % out)
    b = Builder(*base_of(args))
    try:
        b.build()
        os.makedirs(out, exist_ok=True)
        for f in write_series(b, out):
            print(f)
    finally:
        b.close()


def cmd_check(args):
    """checkpatch, git am on a clean checkout, result == tree built."""
    base_git, rev = base_of(args)
    b = Builder(base_git, rev)
    work = tempfile.mkdtemp(prefix='goya-series-check.')
    failures = 0
    try:
        b.build()
        out = os.path.join(work, 'series')
        os.makedirs(out)
        files = write_series(b, out)
        print('series: %d patches + cover letter' % (len(files) - 1))
        tree = os.path.join(work, 'qemu')
        git(['--git-dir', base_git, 'worktree', 'add', '-q', '--detach',
             tree, b.base])
        try:
            for f in files[1:]:
                p = subprocess.run(
                    ['perl', 'scripts/checkpatch.pl', '--no-color', f],
                    cwd=tree, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                report = p.stdout.decode(errors='replace')
                m = re.search(r'total: (\d+) errors, (\d+) warnings', report)
                errs, warns = (int(m.group(1)), int(m.group(2))) if m \
                    else (-1, -1)
                ok = p.returncode == 0 and errs == 0 and warns == 0
                print('checkpatch %-60s %s' % (os.path.basename(f),
                      'ok' if ok else 'FAIL (%d errors, %d warnings)'
                      % (errs, warns)))
                if not ok:
                    failures += 1
                    sys.stdout.write(report)
            name, mail = author()
            p = subprocess.run(['git', '-c', 'user.name=' + name,
                                '-c', 'user.email=' + mail, 'am', '-q']
                               + files[1:], cwd=tree,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            if p.returncode != 0:
                print('git am: FAIL\n' + p.stdout.decode(errors='replace'))
                failures += 1
            else:
                got = git(['-C', tree, 'rev-parse', 'HEAD^{tree}']).decode()
                want = b.g(['rev-parse', b.tip + '^{tree}']).decode()
                same = got == want
                print('git am: applies; result %s the generated series'
                      % ('equals' if same else 'DIFFERS from'))
                failures += 0 if same else 1
        finally:
            git(['--git-dir', base_git, 'worktree', 'remove', '--force',
                 tree], check=False)
        src = args.src
        if args.build:
            with open(os.path.join(args.build, 'meson-info',
                                   'meson-info.json')) as f:
                src = json.load(f)['directories']['source']
        if src and not args.qemu:
            # The tree QEMU was built from must be base + series.
            src = os.path.abspath(src)
            env = dict(b.env, GIT_WORK_TREE=src, GIT_INDEX_FILE=os.path.join(
                work, 'src.index'))
            git(['read-tree', b.tip], env=env)
            diff = [p for p in worktree_changes(env, src)
                    if p not in LOCAL_ONLY]
            print('built tree %s: %s' % (src, 'equals base + series' if not
                  diff else 'DIFFERS in ' + ' '.join(diff[:10])))
            failures += 1 if diff else 0
    finally:
        b.close()
        shutil.rmtree(work, ignore_errors=True)
    print('qemu-series check: %s' % ('ok' if not failures else
                                     '%d failure(s)' % failures))
    sys.exit(1 if failures else 0)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--qemu', help='a clean QEMU git tree to use as base')
    sub = ap.add_subparsers(dest='cmd', required=True)
    p = sub.add_parser('init-base')
    p.add_argument('dir')
    p = sub.add_parser('sync')
    p.add_argument('src')
    p.add_argument('-v', '--verbose', action='store_true')
    p = sub.add_parser('series')
    p.add_argument('dir')
    p = sub.add_parser('check')
    p.add_argument('--src', help='the tree QEMU was built from')
    p.add_argument('--build', help='the QEMU build directory (its source '
                   'tree is checked as with --src)')
    args = ap.parse_args()
    {'init-base': cmd_init_base, 'sync': cmd_sync, 'series': cmd_series,
     'check': cmd_check}[args.cmd](args)


if __name__ == '__main__':
    main()
