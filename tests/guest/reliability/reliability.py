#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Host side of the reliability guest tests (docs/reliability.md).

Drives QEMU through QMP with QEMU's own python package (python/qemu/qmp of
the fetched QEMU tree) and the guest through its serial log:

  migrate-bare    -device goya without a guest: QMP migrate to a file
                  completes; the stream loads into a new QEMU; broken
                  streams (truncated, newer/older section version) fail the
                  load with QEMU's error, never a crash; armed boot errors
                  (ERR0, ERR1) travel in their subsections
  migrate-file    guest running a verified DMA workload: migrate to a file,
                  quit, a new QEMU -incoming from the file continues the
                  workload; a corrupt page index in that stream is refused
  migrate-live    the same between two running QEMU processes (unix socket)
  hotplug         device_add/device_del on a pcie-root-port, N cycles, with
                  the driver bound and a verified DMA on every added device

Prints TAP-like "ok"/"not ok" lines, figures as "# figure: ...", and
"N passed, M failed"; exit 0 iff everything passed.
"""
import argparse
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))))
RUNNER = os.path.join(TOP, 'images', 'run-guest.sh')
# kernel trouble as the kernel prints it (not our own check lines)
KERNEL_TROUBLE = r'Oops: |BUG: |Kernel panic|WARNING: |Call Trace:'


def qemu_python_dir():
    src = os.environ.get('GOYA_QEMU_SRC') or os.path.join(
        os.environ.get('GOYA_CACHE') or os.path.join(
            os.environ.get('XDG_CACHE_HOME') or
            os.path.expanduser('~/.cache'), 'goya-emu'), 'qemu', 'src')
    return os.path.join(src, 'python')


sys.path.insert(0, qemu_python_dir())
try:
    from qemu.qmp.legacy import QEMUMonitorProtocol  # noqa: E402
except ImportError as e:  # pragma: no cover
    print(f'SKIP: QEMU python package not found in {qemu_python_dir()}: {e}')
    sys.exit(77)


class Tap:
    def __init__(self):
        self.n_pass = 0
        self.n_fail = 0

    def check(self, ok, what):
        print(f'{"ok" if ok else "not ok"} - {what}', flush=True)
        if ok:
            self.n_pass += 1
        else:
            self.n_fail += 1
        return ok

    def finish(self):
        print(f'{self.n_pass} passed, {self.n_fail} failed', flush=True)
        return 0 if self.n_fail == 0 else 1


def figure(text):
    print(f'# figure: {text}', flush=True)


def log_text(path):
    try:
        with open(path, 'rb') as f:
            return f.read().decode('utf-8', 'replace').replace('\r', '')
    except FileNotFoundError:
        return ''


def wait_log(path, pattern, timeout, proc=None):
    """Wait until the regex @pattern appears in @path; the match or None."""
    end = time.time() + timeout
    rx = re.compile(pattern, re.M)
    while time.time() < end:
        m = rx.search(log_text(path))
        if m:
            return m
        if proc is not None and proc.poll() is not None:
            return rx.search(log_text(path))
        time.sleep(0.2)
    return None


def qmp_connect(sock, timeout=60, proc=None):
    """Connect to QMP at @sock; gives up when @proc (the QEMU) has exited."""
    end = time.time() + timeout
    while True:
        try:
            q = QEMUMonitorProtocol(sock)
            q.connect()
            return q
        except Exception:  # qemu.qmp's ConnectError: not there yet
            if time.time() > end or (proc and proc.poll() is not None):
                raise
            time.sleep(0.2)


def qmp_quit(q):
    """quit; QEMU closing the socket under us is the expected outcome."""
    try:
        q.cmd('quit')
    except Exception:
        pass
    try:
        q.close()
    except Exception:
        pass


def migrate_wait(q, timeout):
    """Poll query-migrate until it ends; (status, info)."""
    end = time.time() + timeout
    info = {}
    while time.time() < end:
        try:
            info = q.cmd('query-migrate')
        except Exception:  # QEMU went away
            return 'QEMU exited', info
        st = info.get('status')
        if st in ('completed', 'failed', 'cancelled'):
            return st, info
        time.sleep(0.2)
    return 'timeout', info


class Guest:
    """One run-guest.sh instance (one QEMU process)."""

    def __init__(self, args, name, tests, log, qmp, incoming=None,
                 append=None, extra=(), timeout=None, ndev=1):
        self.log = log
        self.qmp_path = qmp
        cmd = [RUNNER, '--qemu', args.qemu, '--kernel', '6.1',
               '--image', os.path.join(args.guest_dir, '6.1'),
               '--log', log, '--tests', tests, '--qmp', qmp,
               '--timeout', str(timeout or args.timeout), '-m', '1G']
        if ndev != 1:
            cmd += ['--devices', str(ndev)]
        if incoming:
            cmd += ['--incoming', incoming]
        # no_timer_check: on a loaded host, TCG can miss the kernel's
        # IO-APIC timer probe window ("IO-APIC + timer doesn't work" panic)
        cmd += ['--append', ' '.join(filter(None, ['no_timer_check',
                                                   append]))]
        if extra:
            cmd += ['--'] + list(extra)
        # never read a previous run's log while the runner starts up
        for old in (log, log + '.runner'):
            if os.path.exists(old):
                os.unlink(old)
        self.out = open(log + '.runner', 'w')
        self.proc = subprocess.Popen(cmd, stdout=self.out,
                                     stderr=subprocess.STDOUT,
                                     start_new_session=True)
        self.name = name

    def wait(self, timeout):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None

    def kill(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()

    def runner_output(self):
        return log_text(self.log + '.runner')


def guest_ticks(text):
    return [int(m.group(1)) for m in re.finditer(
        r'^GOYA-RELIABILITY: tick \d+ s: (\d+) round trips', text, re.M)]


def count_heartbeats(trace):
    return len(re.findall(r'packet op 18 ', log_text(trace)))


# ---------------------------------------------------------------- bare ----

def bare_qemu(args, extra, qmp):
    cmd = [args.qemu, '-M', 'q35', '-nodefaults', '-display', 'none',
           '-accel', 'qtest', '-S', '-device', 'goya,id=goya0',
           '-qmp', f'unix:{qmp},server=on,wait=off'] + extra
    for d in ('/usr/share/seabios', '/usr/share/qemu'):
        if os.path.isdir(d):
            cmd += ['-L', d]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)


def load_stream(args, work, path, tag):
    """Load @path into a fresh -device goya; (exit status, output)."""
    qmp = os.path.join(work, f'load-{tag}.qmp')
    p = bare_qemu(args, ['-incoming', f'file:{path}'], qmp)
    q = None
    try:
        try:
            q = qmp_connect(qmp, 30, p)
        except Exception:
            if p.poll() is None:
                raise
            # failed the load before QMP came up
            out = p.communicate()[0].decode('utf-8', 'replace')
            return p.returncode, 'failed', out
        end = time.time() + 60
        st = None
        while time.time() < end and p.poll() is None:
            try:
                st = q.cmd('query-migrate').get('status')
            except Exception:  # QEMU exiting after a failed load
                break
            if st in ('completed', 'failed'):
                break
            time.sleep(0.1)
        if p.poll() is None:
            qmp_quit(q)
            q = None
        out = p.communicate(timeout=30)[0].decode('utf-8', 'replace')
        return p.returncode, st, out
    finally:
        if q:
            try:
                q.close()
            except Exception:
                pass
        if p.poll() is None:
            p.kill()
            p.wait()


def find_goya_section(data):
    """Offset of the goya device section header's version field."""
    # QEMU_VM_SECTION_FULL (4), section id (be32), idstr (len + bytes),
    # instance id (be32), version id (be32)
    for m in re.finditer(rb'\x04(.{4})(.)([ -~]*?/goya)(.{4})(.{4})', data,
                         re.S):
        if m.group(2)[0] == len(m.group(3)):
            return m.start(5), m.end(5)
    return None, None


def test_migrate_bare(args, tap, work):
    stream = os.path.join(work, 'bare.mig')
    st, data, took = bare_save(args, work, 'bare')
    size = len(data)
    tap.check(st == 'completed',
              f'-device goya answers QMP migrate to a file: {st}')
    figure(f'bare device stream {size} bytes, saved in {took:.2f} s')

    rc, st, out = load_stream(args, work, stream, 'good')
    tap.check(rc == 0 and st == 'completed',
              f'the stream loads into a new -device goya (status {st}, '
              f'exit {rc})')

    vstart, vend = find_goya_section(data)
    if not tap.check(vstart is not None, 'goya section found in the stream'):
        return
    version = struct.unpack('>I', data[vstart:vend])[0]
    tap.check(version == 1, f'goya section version is 1 (got {version})')

    cases = []
    for v, why in ((2, 'newer'), (0, 'older than minimum')):
        bad = data[:vstart] + struct.pack('>I', v) + data[vend:]
        cases.append((f'{why} section version {v}', bad,
                      r'version|goya'))
    # truncated inside the goya section, and just after its header
    cases.append(('stream truncated inside the goya section',
                  data[:vend + 600], r'.'))
    cases.append(('stream truncated after the goya section header',
                  data[:vend], r'.'))
    for i, (what, blob, expect) in enumerate(cases):
        path = os.path.join(work, f'bad{i}.mig')
        with open(path, 'wb') as f:
            f.write(blob)
        rc, st, out = load_stream(args, work, path, f'bad{i}')
        crashed = rc is None or rc < 0 or rc >= 128
        ok = not crashed and rc != 0 and re.search(expect, out) is not None
        tap.check(ok, f'{what}: load fails cleanly (exit {rc}): '
                  f'{out.strip().splitlines()[-1] if out.strip() else ""}')


def bare_save(args, work, tag, injects=(), incoming=None):
    """A bare -device goya (loaded from @incoming, then given the faults
    @injects) migrated to a file: (status, stream bytes, seconds the
    migration took)."""
    qmp = os.path.join(work, f'{tag}.qmp')
    stream = os.path.join(work, f'{tag}.mig')
    p = bare_qemu(args, ['-incoming', f'file:{incoming}'] if incoming else [],
                  qmp)
    st = 'not started'
    took = 0.0
    try:
        q = qmp_connect(qmp)
        if incoming:
            st, _ = migrate_wait(q, 60)
        if not incoming or st == 'completed':
            for spec in injects:
                q.cmd('qom-set', path='/machine/peripheral/goya0',
                      property='inject', value=spec)
            t0 = time.time()
            q.cmd('migrate', uri=f'file:{stream}')
            st, _ = migrate_wait(q, 120)
            took = time.time() - t0
        qmp_quit(q)
        p.wait(30)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    data = open(stream, 'rb').read() if os.path.exists(stream) else b''
    return st, data, took


def subsection_u32(data, name):
    """The first field (be32) of subsection @name, None if absent:
    QEMU_VM_SUBSECTION, idstr length and bytes, version (be32), fields."""
    i = data.find(bytes([len(name)]) + name)
    if i < 1 or data[i - 1] != 5:
        return None
    off = i + 1 + len(name) + 4
    return struct.unpack('>I', data[off:off + 4])[0]


def test_migrate_injected(args, tap, work):
    """goya/fw-injected-faults and its later subsection .../boot-err1."""
    inj = b'goya/fw-injected-faults'
    err1 = inj + b'/boot-err1'
    st, a, _ = bare_save(args, work, 'inj-err0', ['boot-err,bits=0x1001'])
    tap.check(st == 'completed' and subsection_u32(a, inj) is not None and
              err1 not in a, f'ERR0 armed: {inj.decode()} sent, without '
              f'the ERR1 subsection (the version-1 stream; {st})')
    st, b, _ = bare_save(args, work, 'inj-err1', ['boot-err1,bits=0x5'])
    tap.check(st == 'completed' and subsection_u32(b, err1) == 5,
              f'ERR1 armed: {err1.decode()} sent with 0x5 '
              f'(got {subsection_u32(b, err1)}; {st})')
    st, c, _ = bare_save(args, work, 'inj-err1-again',
                         incoming=os.path.join(work, 'inj-err1.mig'))
    tap.check(st == 'completed' and subsection_u32(c, err1) == 5,
              'ERR1 bits travel: loaded, saved again, still 0x5 '
              f'(got {subsection_u32(c, err1)}; {st})')
    # a destination that does not know the subsection refuses the stream
    path = os.path.join(work, 'inj-err1-unknown.mig')
    with open(path, 'wb') as f:
        f.write(b.replace(err1, inj + b'/boot-errX'))
    rc, st, out = load_stream(args, work, path, 'unknown-sub')
    crashed = rc is None or rc < 0 or rc >= 128
    tap.check(not crashed and rc != 0,
              f'an unknown subsection fails the load cleanly (exit {rc}): '
              f'{out.strip().splitlines()[-1] if out.strip() else ""}')


# ------------------------------------------------------------- migrate ----

def start_workload(args, work, tag, secs):
    log = os.path.join(args.logdir, f'reliability-{tag}-src.log')
    g = Guest(args, 'source', 'reliability-workload', log,
              os.path.join(work, f'{tag}-src.qmp'),
              append=f'goya.rel_secs={secs}',
              timeout=args.timeout)
    return g


def test_migrate_guest(args, tap, work, live):
    tag = 'live' if live else 'file'
    # live: the guest must outlast a precopy of its RAM on a busy host
    secs = args.workload_secs * (2 if live else 1)
    src = start_workload(args, work, tag, secs)
    dst = None
    try:
        m = wait_log(src.log, r'^GOYA-RELIABILITY: tick ', args.timeout,
                     src.proc)
        if not tap.check(m is not None, f'{tag}: workload running in the '
                         'source guest'):
            print(log_text(src.log)[-3000:])
            return
        q = qmp_connect(src.qmp_path)
        dlog = os.path.join(args.logdir, f'reliability-{tag}-dst.log')
        trace = dlog + '.trace'
        if os.path.exists(trace):
            os.unlink(trace)
        extra = ['-trace', 'goya_fw_pkt', '-D', trace]
        stream = os.path.join(work, f'{tag}.mig')
        if live:
            sock = os.path.join(work, 'live.sock')
            dst = Guest(args, 'destination', 'reliability-workload', dlog,
                        os.path.join(work, f'{tag}-dst.qmp'),
                        incoming=f'unix:{sock}',
                        append=f'goya.rel_secs={secs}', extra=extra)
            end = time.time() + 60
            while not os.path.exists(sock) and time.time() < end:
                time.sleep(0.1)
            uri = f'unix:{sock}'
        else:
            uri = f'file:{stream}'
        ticks_before = guest_ticks(log_text(src.log))
        t0 = time.time()
        if live:
            # TCG on a shared host: let precopy converge with the DMA
            # workload dirtying memory
            q.cmd('migrate-set-parameters', **{'downtime-limit': 30000,
                                               'max-bandwidth': 4 << 30})
        else:
            # the guest freezes mid-workload (CSs in flight) until the
            # destination continues it
            q.cmd('stop')
        q.cmd('migrate', uri=uri)
        st, info = migrate_wait(q, 300)
        took = time.time() - t0
        tap.check(st == 'completed', f'{tag}: migration {st} in {took:.1f} s')
        ram = info.get('ram', {})
        figure(f'{tag} migration: {took:.1f} s, total time '
               f'{info.get("total-time", "?")} ms, downtime '
               f'{info.get("downtime", "?")} ms, RAM transferred '
               f'{ram.get("transferred", 0) >> 20} MiB')
        if not live and os.path.exists(stream):
            figure(f'{tag} migration stream {os.path.getsize(stream)} bytes '
                   '(1 GiB guest, 4 GiB device DRAM sent sparse)')
        src_text = log_text(src.log)
        ticks_src = guest_ticks(src_text)
        tap.check('goya-reliability:' not in src_text and
                  len(ticks_src) >= 1,
                  f'{tag}: migrated in the middle of the workload '
                  f'({ticks_src[-1] if ticks_src else 0} round trips done, '
                  f'{len(ticks_before)} ticks before migrate)')
        qmp_quit(q)
        src.wait(30)
        if not live:
            dst = Guest(args, 'destination', 'reliability-workload', dlog,
                        os.path.join(work, f'{tag}-dst.qmp'),
                        incoming=f'file:{stream}',
                        append=f'goya.rel_secs={secs}', extra=extra)
            # a stream saved from a stopped VM loads into a paused one
            dq = qmp_connect(dst.qmp_path)
            end = time.time() + 300
            while time.time() < end:
                if dq.cmd('query-migrate').get('status') in ('completed',
                                                             'failed'):
                    break
                time.sleep(0.2)
            st = dq.cmd('query-status').get('status')
            tap.check(st in ('paused', 'postmigrate', 'running'),
                      f'{tag}: destination loaded the stream ({st})')
            if st != 'running':
                dq.cmd('cont')
            dq.close()
        rc = dst.wait(args.timeout + 60)
        text = log_text(dlog)
        ticks_dst = guest_ticks(text)
        tap.check(rc == 0, f'{tag}: destination guest exit status 0 '
                  f'(runner {rc})')
        tap.check(bool(ticks_dst) and bool(ticks_src) and
                  ticks_dst[-1] > ticks_src[-1],
                  f'{tag}: the workload went on after the migration '
                  f'({ticks_src[-1] if ticks_src else "?"} -> '
                  f'{ticks_dst[-1] if ticks_dst else "?"} round trips)')
        tap.check(re.search(r'^ok - workload: \d+ verified round trips, '
                            r'0 mismatches', text, re.M) is not None,
                  f'{tag}: every buffer verified byte for byte')
        tap.check(re.search(r'^ok - device Operational after', text,
                            re.M) is not None,
                  f'{tag}: driver Operational after the migration')
        tap.check(re.search(r'^ok - no device reset', text, re.M)
                  is not None and 'heartbeat failed' not in text.lower(),
                  f'{tag}: no reset, no heartbeat failure')
        hb = count_heartbeats(trace)
        tap.check(hb >= 1, f'{tag}: {hb} heartbeat(s) (CPUCP_PACKET_TEST) '
                  'served by the destination device CPU')
        tap.check(not re.search(KERNEL_TROUBLE, text),
                  f'{tag}: no Oops/BUG/WARNING in the destination log')
        if rc != 0:
            print(text[-4000:])
            print(dst.runner_output()[-2000:])
        if not live and os.path.exists(stream):
            test_bad_page_index(args, tap, work, stream)
    finally:
        src.kill()
        if dst:
            dst.kill()


def test_bad_page_index(args, tap, work, stream):
    """A page index beyond DRAM in a real stream is refused."""
    data = open(stream, 'rb').read()
    _, vend = find_goya_section(data)
    dram = struct.pack('>Q', 4 << 30)
    pages = (4 << 30) // 4096
    at = data.find(dram, vend or 0) if vend else -1
    # the region header is followed by a page index below 1 Mi pages
    while at > 0 and struct.unpack('>Q', data[at + 8:at + 16])[0] >= pages:
        at = data.find(dram, at + 1)
    if not tap.check(at > 0, 'DRAM region marker found in the guest stream'):
        return
    idx = at + 8
    first = struct.unpack('>Q', data[idx:idx + 8])[0]
    bad = data[:idx] + struct.pack('>Q', 1 << 40) + data[idx + 8:]
    path = os.path.join(work, 'badindex.mig')
    with open(path, 'wb') as f:
        f.write(bad)
    del data, bad
    # the destination must match the source (RAM size, ROMs): the runner
    # with the same arguments; QEMU's stderr lands in the runner output
    log = os.path.join(args.logdir, 'reliability-badindex.log')
    g = Guest(args, 'bad index', 'reliability-workload', log,
              os.path.join(work, 'badindex.qmp'), incoming=f'file:{path}',
              append=f'goya.rel_secs={args.workload_secs}')
    rc = g.wait(300)
    out = g.runner_output()
    os.unlink(path)
    m = re.search(r'^.*goya: migrated DRAM page \d+ out of range.*$', out,
                  re.M)
    tap.check(rc not in (0, None) and 'load of migration failed' in out and
              m is not None,
              f'page index beyond DRAM (first page was {first}) refused: '
              f'runner exit {rc}: {m.group(0).strip() if m else "?"}')


# ------------------------------------------------------------- hotplug ----

def test_hotplug(args, tap, work):
    log = os.path.join(args.logdir, 'reliability-hotplug.log')
    qmp = os.path.join(work, 'hp.qmp')
    g = Guest(args, 'hotplug', 'reliability-hotplug', log, qmp, ndev=0,
              append=f'goya.rel_count={args.cycles}',
              extra=['-device', 'pcie-root-port,id=rp1,chassis=1,slot=1',
                     '-device', 'goya,id=hp0,bus=rp1'],
              timeout=args.timeout)
    try:
        q = qmp_connect(qmp)
        times = []
        for i in range(args.cycles):
            m = wait_log(log, rf'^GOYA-HOTPLUG: ready {i}$', 300, g.proc)
            if not tap.check(m is not None, f'cycle {i}: device Operational '
                             'and DMA verified in the guest'):
                break
            t0 = time.time()
            q.cmd('device_del', id='hp0')
            ev = q.pull_event(wait=120)
            while ev and ev.get('event') != 'DEVICE_DELETED':
                ev = q.pull_event(wait=120)
            gone = ev is not None
            m = wait_log(log, rf'^GOYA-HOTPLUG: removed {i}$', 120, g.proc)
            tap.check(gone and m is not None,
                      f'cycle {i}: device_del completed, driver unbound '
                      f'({time.time() - t0:.1f} s)')
            times.append(time.time() - t0)
            if i + 1 < args.cycles:
                q.cmd('device_add', driver='goya', id='hp0', bus='rp1')
        q.cmd('device_add', driver='goya', id='hp0', bus='rp1')
        rc = g.wait(args.timeout)
        text = log_text(log)
        tap.check(rc == 0, f'hot-plug guest exit status 0 (runner {rc})')
        tap.check(re.search(r'^GOYA-HOTPLUG: final ok$', text, re.M)
                  is not None, 're-added device Operational, DMA verified')
        tap.check(not re.search(KERNEL_TROUBLE, text),
                  'no WARN/Oops/BUG in the guest log')
        if times:
            figure(f'{len(times)} hot-unplug cycles, device_del to '
                   f'unbound {min(times):.1f}..{max(times):.1f} s')
        if rc != 0:
            print(text[-5000:])
    finally:
        g.kill()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('what', nargs='+',
                    choices=['migrate-bare', 'migrate-file', 'migrate-live',
                             'hotplug'])
    ap.add_argument('--qemu', default=os.environ.get('GOYA_QEMU'))
    ap.add_argument('--guest-dir', default=os.environ.get(
        'GOYA_GUEST_DIR', os.path.join(TOP, 'build', 'guest')))
    ap.add_argument('--logdir', default=os.environ.get(
        'GOYA_GUEST_LOGDIR', os.path.join(TOP, 'build', 'guest', 'logs')))
    ap.add_argument('--timeout', type=int, default=300)
    # CI: 15 s (migrated at the first tick, the destination still serves
    # heartbeats, 5 s apart); GOYA_RELIABILITY_FULL=1: 40 s
    full = os.environ.get('GOYA_RELIABILITY_FULL', '0') == '1'
    ap.add_argument('--workload-secs', type=int, default=40 if full else 15)
    ap.add_argument('--cycles', type=int, default=10)
    args = ap.parse_args()
    if not args.qemu:
        print('SKIP: GOYA_QEMU is not set')
        return 77
    os.makedirs(args.logdir, exist_ok=True)
    tap = Tap()
    work = tempfile.mkdtemp(prefix='goya-rel-')
    try:
        for what in args.what:
            print(f'# --- {what}', flush=True)
            if what == 'migrate-bare':
                test_migrate_bare(args, tap, work)
                test_migrate_injected(args, tap, work)
            elif what == 'migrate-file':
                test_migrate_guest(args, tap, work, live=False)
            elif what == 'migrate-live':
                test_migrate_guest(args, tap, work, live=True)
            elif what == 'hotplug':
                test_hotplug(args, tap, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return tap.finish()


if __name__ == '__main__':
    sys.exit(main())
