#!/usr/bin/env python3
# Build one FIT image for the habanalabs driver:
#   mkfit.py MKIMAGE ITS OUTPUT [COPY_DIR]
# runs `mkimage -f ITS`, pads the result with zeros to a multiple of 4
# (the driver rejects other sizes), checks the driver's 0x1400000 limit and
# the FDT header, and optionally copies the image into COPY_DIR.
#
# SPDX-License-Identifier: GPL-2.0-or-later
import os
import shutil
import struct
import subprocess
import sys

MAX_SIZE = 0x1400000


def main():
    mkimage, its, out = sys.argv[1:4]
    copy_dir = sys.argv[4] if len(sys.argv) > 4 else None
    tmp = out + '.tmp'
    env = dict(os.environ)
    env.setdefault('SOURCE_DATE_EPOCH', '1700000000')   # reproducible
    subprocess.run([mkimage, '-f', its, tmp], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    with open(tmp, 'rb') as f:
        data = f.read()
    os.unlink(tmp)
    magic, total = struct.unpack('>II', data[:8])
    if magic != 0xd00dfeed or total > len(data):
        sys.exit(f'{out}: mkimage produced no valid FDT')
    data += b'\0' * (-len(data) % 4)
    if len(data) > MAX_SIZE:
        sys.exit(f'{out}: {len(data)} bytes exceeds the driver limit')
    with open(out, 'wb') as f:
        f.write(data)
    if copy_dir:
        os.makedirs(copy_dir, exist_ok=True)
        shutil.copyfile(out, os.path.join(copy_dir, os.path.basename(out)))


if __name__ == '__main__':
    main()
