#!/usr/bin/env python3
"""Write the seed corpus for tests/fuzz/fuzz_core.c into DIR: small
programs that boot the firmware, program iATU/MMU registers and submit
command buffers with every packet type, some valid, some hostile."""
import os
import struct
import sys

HPB = 0x80_0000_0000
SRAM = 0x7F_F000_0000
CFG = 0x7F_FC00_0000


def pkt(op, word0=0, ctl=0, *tail):
    b = struct.pack('<II', word0, (op << 24) | ctl)
    for t in tail:
        b += struct.pack('<Q', t)
    return b


def submit(cb, queue=0, secure=True):
    return bytes([6 if secure else 7, queue]) + struct.pack('<H', len(cb)) + cb


def reg(r, v):
    return bytes([0]) + struct.pack('<II', r, v)


def timer(us):
    return bytes([8]) + struct.pack('<H', us)


SEEDS = {
    'boot': timer(5) + reg(0xC4B304, 2) + timer(50) + reg(0xC4B304, 2) + timer(50),
    'msg_prot': submit(pkt(7, 0xD169B243, 0xA0, HPB + 0x300000)),
    'lin_dma_memset': submit(pkt(9, 0x10000, 0x41, 0x9999999999999999, 0x1000)),
    'lin_dma_h2d': submit(pkt(9, 0x4000, 0x1, HPB + 0x200000, 0x2000000)),
    'lin_dma_d2h_wrcomp': submit(pkt(9, 0x1000, 0x5, 0x2000000, HPB + 0x300000)),
    'lin_dma_sram': submit(pkt(9, 0x800, 0x0, HPB + 0x200000, SRAM + 0x8000)),
    'lin_dma_cfg': submit(pkt(9, 0x100, 0x0, HPB, CFG + 0x400000)),
    'lin_dma_huge': submit(pkt(9, 0xFFFFFFFF, 0x41, 0x7777777777777777, 0)),
    'msg_short_sob': submit(pkt(4, 0x80000001, 0x400004)),
    'msg_long': submit(pkt(3, 5, 0, CFG + 0x112000)),
    'fence': submit(pkt(8, 0x00010001, 0)) + reg(0x400158, 1),
    'wreg': submit(pkt(1, 0xFC112FBC, 0x1020)),
    'wreg_prot': submit(pkt(1, 1, 0xFFFC)),
    'wreg_bulk': submit(pkt(2, 2, 0x1020) + struct.pack('<QQ', 1, 2)),
    'cp_dma_mme': submit(pkt(5, 16, 0, HPB + 0x200000), queue=3),
    'bad_opcode': submit(pkt(0x1F, 0, 0)),
    'past_end': submit(pkt(9, 16, 0)[:12]),
    'stop': submit(pkt(0xB) + pkt(0xA), queue=4),
    'mmu_fault': reg(0x48000C, 1) + reg(0x400020, 1) +
                 submit(pkt(9, 0x1000, 0, 0x8_0000_0000, HPB), secure=False),
    'monitor_self_rearm': reg(0x113000 + 4 * 6, (CFG + 0x113C00 + 4 * 6) & 0xFFFFFFFF) +
                          reg(0x113400 + 4 * 6, (CFG + 0x113C00 + 4 * 6) >> 32) +
                          reg(0x113800 + 4 * 6, 0x8000) + reg(0x113C00 + 4 * 6, 0x8000),
    'monitor_fence': reg(0x113000, (CFG + 0x408158) & 0xFFFFFFFF) +
                     reg(0x113400, (CFG + 0x408158) >> 32) + reg(0x113800, 1) +
                     reg(0x113C00, 0x00010002) + reg(0x112000 + 4 * 2, 0x80000001),
    # MON_ARM = SOB 9:0 | equal 15 | value 31:16 (contract 17.1): the
    # typical pipeline in packets, monitor 1 {SOB 5, ==, 1} -> fence 0
    'monitor_pipeline': submit(pkt(4, (CFG + 0x400158) & 0xFFFFFFFF, 0x000004) +
                               pkt(4, (CFG + 0x400158) >> 32, 0x000404) +
                               pkt(4, 1, 0x000804) + pkt(4, 0x00018005, 0x000C04) +
                               pkt(8, 0x00010001, 0) + pkt(4, 0x80000001, 0x400014)),
    'msg_op_timestamp': submit(pkt(3, 0, 0x100000, HPB + 0x300000) +
                               pkt(3, 0, 0x300000, HPB + 0x300004)),
    # boot the device CPU, then CPU-CP packets: TEST, INFO_GET, unknown op
    'cpucp_test': bytes([10, 11]) + struct.pack('<HH', 24, 24) +
                  struct.pack('<QIIII', 0xFE8CE7A5, 18 << 16, 0xFFFFFFFF, 0, 0),
    'cpucp_info': bytes([10, 11]) + struct.pack('<HH', 24, 24) +
                  struct.pack('<QIIII', HPB + 0x330000, 14 << 16, 0xFFFFFFFF, 1768, 0),
    'cpucp_bad': bytes([10, 11]) + struct.pack('<HH', 4000, 24) +
                 struct.pack('<QIIII', 0, 0x1FFF << 16, 0xFFFFFFFF, 0, 0) +
                 bytes([12]) + struct.pack('<H', 449),
    'iatu_elbi': bytes([4, 0]) + struct.pack('<I', 0xFCC07490) +
                 bytes([4, 1]) + struct.pack('<I', 0x300000) +
                 bytes([4, 2]) + struct.pack('<I', 0x80000000),
}


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), 'wb') as f:
            f.write(data)
    with open(sys.argv[2], 'w') as f:
        f.write('\n'.join(sorted(SEEDS)) + '\n')


if __name__ == '__main__':
    main()
