#!/usr/bin/env python3
"""Minimal qtest client for the goya device (Python 3 standard library only).

Starts ``qemu-system-x86_64 -machine q35 -nodefaults -display none
-accel qtest`` with the qtest protocol and QMP on two UNIX sockets the client
listens on (QEMU connects to them, as with libqtest), and offers:

* the qtest protocol (system/qtest.c): readl/writel/readq/writeq, in/out,
  b64read/b64write, clock_step;
* PCI configuration access: legacy 0xCF8/0xCFC, and ECAM after programming
  the q35 MCH's PCIEXBAR (no firmware runs under qtest, so nothing else
  enables MMCONFIG);
* BAR sizing/assignment helpers and the Goya ELBI window protocol;
* a tiny QMP client (system_reset, ...).

SPDX-License-Identifier: GPL-2.0-or-later
"""
import base64
import json
import os
import select
import shutil
import socket
import subprocess
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# q35 MCH (00:00.0) PCIEXBAR register and where we put the ECAM window
MCH_PCIEXBAR = 0x60
ECAM_BASE = 0xB0000000          # q35's usual MMCONFIG base, 256 buses

# PCI config space offsets
PCI_VENDOR_ID = 0x00
PCI_COMMAND = 0x04
PCI_STATUS = 0x06
PCI_REVISION_ID = 0x08
PCI_CLASS_PROG = 0x09
PCI_HEADER_TYPE = 0x0E
PCI_BAR0 = 0x10
PCI_CAP_PTR = 0x34
PCI_STATUS_CAP_LIST = 0x10
PCI_COMMAND_MEMORY = 0x2
PCI_COMMAND_MASTER = 0x4
PCI_CAP_ID_EXP = 0x10
PCI_CAP_ID_MSIX = 0x11


def find_qemu():
    """The QEMU binary: $GOYA_QEMU, else scripts/build-qemu.sh's default.
    GOYA_QEMU set but empty (meson without -Dqemu_build) means "none"."""
    if 'GOYA_QEMU' in os.environ:
        return os.environ['GOYA_QEMU'] or None
    script = os.path.join(REPO, 'scripts', 'build-qemu.sh')
    if os.path.exists(script):
        try:
            out = subprocess.run([script, '--print-binary'], check=True,
                                 capture_output=True, text=True, timeout=30)
            q = out.stdout.strip()
            if q and os.access(q, os.X_OK):
                return q
        except (subprocess.SubprocessError, OSError):
            pass
    return None


def find_sanitizer_qemu():
    """The ASan+UBSan qemu-system-x86_64 of scripts/build-qemu-fuzz.sh, or
    None when it is not built."""
    script = os.path.join(REPO, 'scripts', 'build-qemu-fuzz.sh')
    try:
        out = subprocess.run([script, '--print-dir'], check=True,
                             capture_output=True, text=True, timeout=30)
    except (subprocess.SubprocessError, OSError):
        return None
    q = os.path.join(out.stdout.strip(), 'qemu-system-x86_64')
    return q if os.access(q, os.X_OK) else None


def base_args(machine='q35', tmpdir=None):
    """Common QEMU arguments.  The BIOS is never executed under qtest, but
    the PC machines insist on loading one: take SeaBIOS from the Debian
    package if present (QEMU is built without blobs), else a dummy image."""
    args = ['-machine', machine, '-nodefaults', '-no-user-config',
            '-display', 'none', '-accel', 'qtest']
    if os.path.exists('/usr/share/seabios/bios-256k.bin'):
        args += ['-L', '/usr/share/seabios']
    else:
        if tmpdir is None:
            tmpdir = tempfile.gettempdir()
        bios = os.path.join(tmpdir, 'goya-qtest-dummy-bios.bin')
        if not os.path.exists(bios):
            with open(bios + '.tmp', 'wb') as f:
                f.write(b'\xf4' * 0x10000)         # hlt; never executed
            os.replace(bios + '.tmp', bios)
        args += ['-bios', bios]
    if os.path.exists('/usr/share/qemu/kvmvapic.bin'):
        args += ['-L', '/usr/share/qemu']      # quiets a 'rom: file' warning
    return args


class QTestError(Exception):
    pass


class QTest:
    """One QEMU process under qtest control."""

    def __init__(self, qemu, device='goya', extra_args=(), timeout=15.0,
                 machine='q35'):
        self.qemu = qemu
        self.timeout = timeout
        self.proc = None
        self._sock = self._qmp = None
        self._buf = b''
        self._qbuf = b''
        self.events = []
        self.stderr_path = None
        self._dir = tempfile.mkdtemp(prefix='goya-qtest-')
        qpath = os.path.join(self._dir, 'qtest.sock')
        mpath = os.path.join(self._dir, 'qmp.sock')
        lq = self._listen(qpath)
        lm = self._listen(mpath)
        self.stderr_path = os.path.join(self._dir, 'stderr')
        args = [qemu] + base_args(machine, self._dir) + [
                '-qtest', 'unix:' + qpath, '-qtest-log', '/dev/null',
                '-qmp', 'unix:' + mpath]
        if device:
            args += ['-device', device]
        args += list(extra_args)
        self.args = args
        try:
            with open(self.stderr_path, 'wb') as err:
                self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                             stdout=err, stderr=err)
            self._sock = self._accept(lq)
            self._qmp = self._accept(lm)
            greeting = self._qmp_recv()
            if 'QMP' not in greeting:
                raise QTestError('no QMP greeting: %r' % greeting)
            self.qmp('qmp_capabilities')
        except BaseException:
            self.close()
            raise
        finally:
            lq.close()
            lm.close()
        self._ecam = False

    # ---- process / sockets ----

    @staticmethod
    def _listen(path):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(path)
        s.listen(1)
        return s

    def _accept(self, lsock):
        deadline = time.monotonic() + self.timeout
        while True:
            r, _, _ = select.select([lsock], [], [], 0.1)
            if r:
                c, _ = lsock.accept()
                return c
            if self.proc.poll() is not None:
                raise QTestError('QEMU exited (%d) before connecting: %s'
                                 % (self.proc.returncode, self.stderr()))
            if time.monotonic() > deadline:
                raise QTestError('QEMU did not connect to %s' %
                                 lsock.getsockname())

    def stderr(self):
        try:
            with open(self.stderr_path, 'rb') as f:
                return f.read().decode(errors='replace')
        except OSError:
            return ''

    @property
    def pid(self):
        return self.proc.pid

    def close(self):
        if self.proc and self.proc.poll() is None:
            # like libqtest's qtest_quit(): SIGTERM, then wait
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for s in (self._sock, self._qmp):
            if s:
                try:
                    s.close()
                except OSError:
                    pass
        self._sock = self._qmp = None
        if self._dir:
            shutil.rmtree(self._dir, ignore_errors=True)
            self._dir = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- qtest protocol ----

    def _readline(self, sock, attr):
        deadline = time.monotonic() + self.timeout
        while b'\n' not in getattr(self, attr):
            left = deadline - time.monotonic()
            if left <= 0:
                raise QTestError('timeout waiting for QEMU')
            r, _, _ = select.select([sock], [], [], min(left, 0.5))
            if not r:
                if self.proc.poll() is not None:
                    raise QTestError('QEMU died (%d): %s' %
                                     (self.proc.returncode, self.stderr()))
                continue
            data = sock.recv(65536)
            if not data:
                raise QTestError('QEMU closed the connection: %s' %
                                 self.stderr())
            setattr(self, attr, getattr(self, attr) + data)
        buf = getattr(self, attr)
        line, rest = buf.split(b'\n', 1)
        setattr(self, attr, rest)
        return line.decode()

    def cmd(self, line):
        """Send one qtest command; return the words after OK."""
        self._sock.sendall(line.encode() + b'\n')
        while True:
            resp = self._readline(self._sock, '_buf')
            if resp.startswith('IRQ '):          # asynchronous messages
                continue
            words = resp.split()
            if not words or words[0] != 'OK':
                raise QTestError('%r -> %r' % (line, resp))
            return words[1:]

    def _val(self, line):
        return int(self.cmd(line)[0], 0)

    def readb(self, a):
        return self._val('readb 0x%x' % a)

    def readw(self, a):
        return self._val('readw 0x%x' % a)

    def readl(self, a):
        return self._val('readl 0x%x' % a)

    def readq(self, a):
        return self._val('readq 0x%x' % a)

    def writeb(self, a, v):
        self.cmd('writeb 0x%x 0x%x' % (a, v))

    def writew(self, a, v):
        self.cmd('writew 0x%x 0x%x' % (a, v))

    def writel(self, a, v):
        self.cmd('writel 0x%x 0x%x' % (a, v))

    def writeq(self, a, v):
        self.cmd('writeq 0x%x 0x%x' % (a, v))

    def inb(self, a):
        return self._val('inb 0x%x' % a)

    def inw(self, a):
        return self._val('inw 0x%x' % a)

    def inl(self, a):
        return self._val('inl 0x%x' % a)

    def outb(self, a, v):
        self.cmd('outb 0x%x 0x%x' % (a, v))

    def outw(self, a, v):
        self.cmd('outw 0x%x 0x%x' % (a, v))

    def outl(self, a, v):
        self.cmd('outl 0x%x 0x%x' % (a, v))

    def memread(self, a, size):
        data = self.cmd('b64read 0x%x 0x%x' % (a, size))
        return base64.b64decode(data[0]) if data else b''

    def memwrite(self, a, data):
        if data:
            self.cmd('b64write 0x%x 0x%x %s' %
                     (a, len(data), base64.b64encode(data).decode()))

    def clock_step(self, ns=None):
        """Advance the virtual clock; returns the new time in ns."""
        return self._val('clock_step' if ns is None else 'clock_step %d' % ns)

    def clock_set(self, ns):
        """Advance the virtual clock to @ns (no-op if already past)."""
        return self._val('clock_set %d' % ns)

    def clock_now(self):
        """Current virtual time: 'clock_set 0' answers 'FAIL <now>' once
        time has moved (or 'OK 0' at the start)."""
        self._sock.sendall(b'clock_set 0\n')
        while True:
            resp = self._readline(self._sock, '_buf')
            if not resp.startswith('IRQ '):
                return int(resp.split()[1], 0)

    # ---- QMP ----

    def _qmp_recv(self):
        while True:
            msg = json.loads(self._readline(self._qmp, '_qbuf'))
            if 'event' not in msg:
                return msg
            self.events.append(msg)

    def wait_event(self, name):
        """Wait for (and consume) a QMP event, e.g. 'RESET'."""
        while True:
            for i, ev in enumerate(self.events):
                if ev['event'] == name:
                    return self.events.pop(i)
            self.events.append(json.loads(self._readline(self._qmp,
                                                         '_qbuf')))

    def qmp(self, command, **arguments):
        req = {'execute': command}
        if arguments:
            req['arguments'] = arguments
        self._qmp.sendall(json.dumps(req).encode() + b'\n')
        resp = self._qmp_recv()
        if 'error' in resp:
            raise QTestError('QMP %s: %s' % (command, resp['error']))
        return resp.get('return')

    # ---- PCI configuration space ----

    @staticmethod
    def _bdf(bus, dev, fn):
        return (bus << 8) | (dev << 3) | fn

    def legacy_cfg_readl(self, bdf, off):
        self.outl(0xCF8, 0x80000000 | (bdf << 8) | (off & 0xFC))
        return self.inl(0xCFC)

    def legacy_cfg_writel(self, bdf, off, val):
        self.outl(0xCF8, 0x80000000 | (bdf << 8) | (off & 0xFC))
        self.outl(0xCFC, val)

    def enable_ecam(self):
        """Program the q35 MCH PCIEXBAR (256 MiB at ECAM_BASE, enabled)."""
        mch = self._bdf(0, 0, 0)
        self.legacy_cfg_writel(mch, MCH_PCIEXBAR + 4, 0)
        self.legacy_cfg_writel(mch, MCH_PCIEXBAR, ECAM_BASE | 1)
        self._ecam = True

    def _ecam_addr(self, bdf, off):
        if not self._ecam:
            self.enable_ecam()
        assert 0 <= off < 0x1000
        return ECAM_BASE + (bdf << 12) + off

    def cfg_readb(self, bdf, off):
        return self.readb(self._ecam_addr(bdf, off))

    def cfg_readw(self, bdf, off):
        return self.readw(self._ecam_addr(bdf, off))

    def cfg_readl(self, bdf, off):
        return self.readl(self._ecam_addr(bdf, off))

    def cfg_writeb(self, bdf, off, v):
        self.writeb(self._ecam_addr(bdf, off), v)

    def cfg_writew(self, bdf, off, v):
        self.writew(self._ecam_addr(bdf, off), v)

    def cfg_writel(self, bdf, off, v):
        self.writel(self._ecam_addr(bdf, off), v)

    def find_device(self, vendor, device, bus=0):
        """Scan one bus through legacy config access; returns a bdf."""
        for dev in range(32):
            for fn in range(8):
                bdf = self._bdf(bus, dev, fn)
                ids = self.legacy_cfg_readl(bdf, 0)
                if ids == 0xFFFFFFFF:
                    if fn == 0:
                        break
                    continue
                if ids == (device << 16 | vendor):
                    return bdf
        return None

    def find_cap(self, bdf, cap_id):
        if not self.cfg_readw(bdf, PCI_STATUS) & PCI_STATUS_CAP_LIST:
            return None
        pos = self.cfg_readb(bdf, PCI_CAP_PTR) & ~3
        for _ in range(48):
            if not pos:
                break
            if self.cfg_readb(bdf, pos) == cap_id:
                return pos
            pos = self.cfg_readb(bdf, pos + 1) & ~3
        return None

    def bar_info(self, bdf, bar):
        """Size a BAR (all-ones probe).  Returns dict(size, is64, prefetch,
        io); the BAR's original value is restored."""
        off = PCI_BAR0 + 4 * bar
        orig = self.cfg_readl(bdf, off)
        self.cfg_writel(bdf, off, 0xFFFFFFFF)
        lo = self.cfg_readl(bdf, off)
        self.cfg_writel(bdf, off, orig)
        if lo == 0:
            return None
        io = bool(lo & 1)
        is64 = not io and (lo >> 1) & 3 == 2
        mask = lo & (~3 if io else ~0xF) & 0xFFFFFFFF
        if is64:
            orig_hi = self.cfg_readl(bdf, off + 4)
            self.cfg_writel(bdf, off + 4, 0xFFFFFFFF)
            hi = self.cfg_readl(bdf, off + 4)
            self.cfg_writel(bdf, off + 4, orig_hi)
            mask |= hi << 32
            size = ((~mask) & 0xFFFFFFFFFFFFFFFF) + 1
        else:
            size = ((~mask) & 0xFFFFFFFF) + 1
        return {'size': size, 'is64': is64, 'io': io,
                'prefetch': (not io) and bool(lo & 8), 'raw': lo}

    def set_bar(self, bdf, bar, addr, is64=True):
        off = PCI_BAR0 + 4 * bar
        self.cfg_writel(bdf, off, addr & 0xFFFFFFFF)
        if is64:
            self.cfg_writel(bdf, off + 4, addr >> 32)

    def enable_device(self, bdf, master=True):
        cmd = self.cfg_readw(bdf, PCI_COMMAND)
        cmd |= PCI_COMMAND_MEMORY | (PCI_COMMAND_MASTER if master else 0)
        self.cfg_writew(bdf, PCI_COMMAND, cmd)
