// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Byte-exact checks of the Goya packet builders.  Expected bytes are
 * written out by hand from the packet layout (8-byte header: u32 first
 * word, u32 ctl with opcode in [28:24], EB 29, RB 30, MB 31; little
 * endian), so that a change in the encoder cannot silently change both
 * sides of the comparison.
 */
#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <hl/hl.h>

static uint8_t buf[256];
static struct goya_cb_builder b;

static void setup(void)
{
	memset(buf, 0xEE, sizeof(buf));
	goya_cb_init(&b, buf, sizeof(buf));
}

#define EXPECT_BYTES(off, ...) do {					\
	static const uint8_t exp_[] = { __VA_ARGS__ };			\
	size_t i_;							\
	for (i_ = 0; i_ < sizeof(exp_); i_++)				\
		ck_assert_msg(buf[(off) + i_] == exp_[i_],		\
			"byte %zu: got 0x%02x, want 0x%02x",		\
			(size_t)(off) + i_, buf[(off) + i_], exp_[i_]);	\
} while (0)

START_TEST(test_wreg32)
{
	ck_assert_int_eq(goya_cb_wreg32(&b, 0x1020, 0x11223344, GOYA_PKT_MB), 0);
	ck_assert_uint_eq(b.len, 8);
	/* value, then ctl = 0x80000000 | 0x01000000 | 0x1020 */
	EXPECT_BYTES(0, 0x44, 0x33, 0x22, 0x11, 0x20, 0x10, 0x00, 0x81);
	ck_assert_uint_eq(buf[8], 0xEE);	/* nothing written past it */
	ck_assert_uint_eq(goya_pkt_opcode(buf), GOYA_PKT_WREG_32);
	ck_assert_uint_eq(goya_pkt_size(buf, 8), 8);
}
END_TEST

START_TEST(test_wreg32_bad_reg)
{
	ck_assert_int_eq(goya_cb_wreg32(&b, 0x10000, 1, 0), -EINVAL);
	ck_assert_uint_eq(b.len, 0);
	ck_assert_int_eq(b.err, -EINVAL);
	ck_assert_uint_eq(buf[0], 0xEE);
}
END_TEST

START_TEST(test_wreg_bulk)
{
	const uint64_t v[2] = { 0x0102030405060708ull, 0xA0B0C0D0E0F00011ull };

	ck_assert_int_eq(goya_cb_wreg_bulk(&b, 0x0400, v, 2, 0), 0);
	ck_assert_uint_eq(b.len, 24);
	EXPECT_BYTES(0, 0x02, 0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x02,
		     0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
		     0x11, 0x00, 0xF0, 0xE0, 0xD0, 0xC0, 0xB0, 0xA0);
	ck_assert_uint_eq(goya_pkt_size(buf, 24), 24);
	ck_assert_uint_eq(goya_pkt_size(buf, 23), 0);	/* truncated */
	ck_assert_int_eq(goya_cb_wreg_bulk(&b, 0, v, 0, 0), -EINVAL);
}
END_TEST

START_TEST(test_msg_long)
{
	ck_assert_int_eq(goya_cb_msg_long(&b, 0x7FFC112233ull, 0xCAFEF00D,
					  GOYA_PKT_EB), 0);
	ck_assert_uint_eq(b.len, 16);
	EXPECT_BYTES(0, 0x0D, 0xF0, 0xFE, 0xCA, 0x00, 0x00, 0x00, 0x23,
		     0x33, 0x22, 0x11, 0xFC, 0x7F, 0x00, 0x00, 0x00);
}
END_TEST

START_TEST(test_msg_short)
{
	/* base 1, offset 0x0008 (SOB 2), op 0, value 1, MB */
	ck_assert_int_eq(goya_cb_msg_short(&b, 1, 0x8, 0, 1, GOYA_PKT_MB), 0);
	ck_assert_uint_eq(b.len, 8);
	/* ctl = MB | op 4<<24 | base 1<<22 | offset 8 = 0x84400008 */
	EXPECT_BYTES(0, 0x01, 0x00, 0x00, 0x00, 0x08, 0x00, 0x40, 0x84);
	ck_assert_int_eq(goya_cb_msg_short(&b, 4, 0, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(goya_cb_msg_short(&b, 0, 0x10000, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(goya_cb_msg_short(&b, 0, 0, 4, 0, 0), -EINVAL);
	ck_assert_uint_eq(b.len, 8);
}
END_TEST

START_TEST(test_cp_dma)
{
	ck_assert_int_eq(goya_cb_cp_dma(&b, 0x7FF0001000ull, 0x200, 0), 0);
	ck_assert_uint_eq(b.len, 16);
	EXPECT_BYTES(0, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
		     0x00, 0x10, 0x00, 0xF0, 0x7F, 0x00, 0x00, 0x00);
}
END_TEST

START_TEST(test_msg_prot)
{
	/* The driver's completion packet: ctl 0xA7000000 (EB|MB). */
	ck_assert_int_eq(goya_cb_msg_prot(&b, 0x7FFCC02948ull, 3,
					  GOYA_PKT_EB | GOYA_PKT_MB), 0);
	EXPECT_BYTES(0, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xA7,
		     0x48, 0x29, 0xC0, 0xFC, 0x7F, 0x00, 0x00, 0x00);
	ck_assert_uint_eq(goya_pkt_size(buf, 16), 16);
}
END_TEST

START_TEST(test_fence)
{
	/* id 2, target 1, dec 1 */
	ck_assert_int_eq(goya_cb_fence(&b, 2, 1, 1, GOYA_PKT_MB), 0);
	/* cfg = 2<<30 | 1<<16 | 1 = 0x80010001; ctl = 0x88000000 */
	EXPECT_BYTES(0, 0x01, 0x00, 0x01, 0x80, 0x00, 0x00, 0x00, 0x88);
	ck_assert_int_eq(goya_cb_fence(&b, 4, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(goya_cb_fence(&b, 0, 256, 0, 0), -EINVAL);
	ck_assert_int_eq(goya_cb_fence(&b, 0, 0, 16, 0), -EINVAL);
}
END_TEST

START_TEST(test_lin_dma_memset)
{
	/* The driver's own DRAM memset: ctl 0xC9000041 = MB|RB|op|MEMSET|WO */
	ck_assert_int_eq(goya_cb_lin_dma(&b, 0x9999999999999999ull,
					 0x20000000ull, 0x200000,
					 HL_DMA_HOST_TO_DRAM,
					 GOYA_PKT_MB | GOYA_PKT_RB |
					 GOYA_PKT_LIN_DMA_MEMSET |
					 GOYA_PKT_LIN_DMA_WO), 0);
	ck_assert_uint_eq(b.len, 24);
	EXPECT_BYTES(0, 0x00, 0x00, 0x20, 0x00, 0x41, 0x00, 0x00, 0xC9,
		     0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99, 0x99,
		     0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00);
}
END_TEST

START_TEST(test_lin_dma_dir)
{
	/* SRAM memset variant: dir 1 -> ctl 0xC9100041 */
	ck_assert_int_eq(goya_cb_lin_dma(&b, 0x7777777777777777ull,
					 0x7FF0000000ull, 0x32A0000,
					 HL_DMA_HOST_TO_SRAM,
					 GOYA_PKT_MB | GOYA_PKT_RB |
					 GOYA_PKT_LIN_DMA_MEMSET |
					 GOYA_PKT_LIN_DMA_WO), 0);
	EXPECT_BYTES(4, 0x41, 0x00, 0x10, 0xC9);
	/* copy DRAM->host with WRCOMP|RDCOMP, dir 5 */
	ck_assert_int_eq(goya_cb_lin_dma(&b, 0x1000, 0x2000, 64,
					 HL_DMA_DRAM_TO_HOST,
					 GOYA_PKT_LIN_DMA_WRCOMP |
					 GOYA_PKT_LIN_DMA_RDCOMP), 0);
	EXPECT_BYTES(24, 0x40, 0x00, 0x00, 0x00, 0x06, 0x00, 0x50, 0x09,
		     0x00, 0x10, 0, 0, 0, 0, 0, 0,
		     0x00, 0x20, 0, 0, 0, 0, 0, 0);
}
END_TEST

START_TEST(test_lin_dma_invalid)
{
	ck_assert_int_eq(goya_cb_lin_dma(&b, 1, 2, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(goya_cb_lin_dma(&b, 1, 2, 8, HL_DMA_ENUM_MAX, 0), -EINVAL);
	/* opcode bits are not valid flags */
	ck_assert_int_eq(goya_cb_lin_dma(&b, 1, 2, 8, 0, 0x01000000), -EINVAL);
	/* bit 3 is not a LIN_DMA flag libhl knows */
	ck_assert_int_eq(goya_cb_lin_dma(&b, 1, 2, 8, 0, 0x8), -EINVAL);
	ck_assert_uint_eq(b.len, 0);
}
END_TEST

START_TEST(test_nop_stop)
{
	ck_assert_int_eq(goya_cb_nop(&b, 0), 0);
	ck_assert_int_eq(goya_cb_stop(&b, GOYA_PKT_EB), 0);
	ck_assert_int_eq(goya_cb_nop(&b, GOYA_PKT_BARRIERS), 0);
	EXPECT_BYTES(0, 0, 0, 0, 0, 0x00, 0x00, 0x00, 0x0A,
		     0, 0, 0, 0, 0x00, 0x00, 0x00, 0x2B,
		     0, 0, 0, 0, 0x00, 0x00, 0x00, 0xEA);
	ck_assert_int_eq(goya_cb_nop(&b, 0x1), -EINVAL);
}
END_TEST

START_TEST(test_bounds)
{
	uint8_t small[20];
	struct goya_cb_builder s;

	memset(small, 0xEE, sizeof(small));
	goya_cb_init(&s, small, sizeof(small));
	ck_assert_int_eq(goya_cb_msg_long(&s, 0, 0, 0), 0);	/* 16 */
	ck_assert_uint_eq(goya_cb_space(&s), 4);
	ck_assert_int_eq(goya_cb_nop(&s, 0), -ENOSPC);		/* 8 > 4 */
	ck_assert_int_eq(s.err, -ENOSPC);
	ck_assert_uint_eq(s.len, 16);
	ck_assert_uint_eq(small[16], 0xEE);			/* untouched */
	/* the error is sticky, the first one wins */
	ck_assert_int_eq(goya_cb_fence(&s, 9, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(s.err, -ENOSPC);
	goya_cb_reset(&s);
	ck_assert_uint_eq(s.len, 0);
	ck_assert_int_eq(s.err, 0);
	/* exactly full is fine */
	goya_cb_init(&s, small, 16);
	ck_assert_int_eq(goya_cb_nop(&s, 0), 0);
	ck_assert_int_eq(goya_cb_nop(&s, 0), 0);
	ck_assert_uint_eq(goya_cb_space(&s), 0);
	ck_assert_int_eq(goya_cb_nop(&s, 0), -ENOSPC);
	/* a NULL buffer has no room */
	goya_cb_init(&s, NULL, 100);
	ck_assert_int_eq(goya_cb_nop(&s, 0), -ENOSPC);
}
END_TEST

START_TEST(test_raw_and_walk)
{
	static const uint8_t nop[8] = { 0, 0, 0, 0, 0, 0, 0, 0x0A };
	size_t off = 0, n = 0, sz;

	ck_assert_int_eq(goya_cb_raw(&b, nop, 8), 0);
	ck_assert_int_eq(goya_cb_raw(&b, nop, 7), -EINVAL);
	goya_cb_reset(&b);
	ck_assert_int_eq(goya_cb_raw(&b, nop, 8), 0);
	ck_assert_int_eq(goya_cb_wreg32(&b, 0x1020, 5, 0), 0);
	ck_assert_int_eq(goya_cb_lin_dma(&b, 1, 2, 3, 0, 0), 0);
	ck_assert_int_eq(goya_cb_msg_prot(&b, 4, 5, 0), 0);
	ck_assert_uint_eq(b.len, 8 + 8 + 24 + 16);
	/* walk the CB the way a parser would */
	while (off < b.len) {
		sz = goya_pkt_size(buf + off, b.len - off);
		ck_assert_uint_ne(sz, 0);
		off += sz;
		n++;
	}
	ck_assert_uint_eq(off, b.len);
	ck_assert_uint_eq(n, 4);
}
END_TEST

START_TEST(test_names_and_ctl)
{
	ck_assert_str_eq(goya_pkt_name(GOYA_PKT_LIN_DMA), "LIN_DMA");
	ck_assert_str_eq(goya_pkt_name(GOYA_PKT_CP_DMA), "CP_DMA");
	ck_assert_str_eq(goya_pkt_name(6), "?");
	ck_assert_uint_eq(goya_pkt_ctl(GOYA_PKT_NOP, 0), 0x0A000000u);
	/* opcode bits in the extra bits are masked off */
	ck_assert_uint_eq(goya_pkt_ctl(GOYA_PKT_NOP, 0x1F000000u), 0x0A000000u);
	memset(buf, 0, 8);
	buf[7] = 0x06;		/* opcode 6 is unused */
	ck_assert_uint_eq(goya_pkt_size(buf, 8), 0);
	ck_assert_uint_eq(goya_pkt_size(buf, 4), 0);
}
END_TEST

/* ---- sync-manager helpers (hl_dma.c) ------------------------------ */

/*
 * Words expected from the Goya userspace specification (driver contract
 * §17.1): SOB update = value 15:0 | add 31; MON_ARM = SOB 9:0 | mode 15
 * (1 = equal) | value 31:16; MSG_SHORT ctl = offset 15:0 | base 23:22 |
 * opcode 4 in 28:24 | MB 31; FENCE cfg = dec 3:0 | target 23:16 | id 31:30.
 */
static uint32_t word(unsigned int i)
{
	return (uint32_t)buf[4 * i] | (uint32_t)buf[4 * i + 1] << 8 |
	       (uint32_t)buf[4 * i + 2] << 16 | (uint32_t)buf[4 * i + 3] << 24;
}

#define EXPECT_WORDS(...) do {						\
	static const uint32_t w_[] = { __VA_ARGS__ };			\
	unsigned int i_;						\
	ck_assert_uint_eq(b.len, sizeof(w_));				\
	for (i_ = 0; i_ < sizeof(w_) / 4; i_++)				\
		ck_assert_msg(word(i_) == w_[i_],			\
			"word %u: got 0x%08x, want 0x%08x",		\
			i_, word(i_), w_[i_]);				\
} while (0)

START_TEST(test_sob_write)
{
	/* SOB 5 += 1 through base 1 (SOB_OBJ_0): offset 0x14 */
	ck_assert_int_eq(goya_cb_sob_write(&b, 5, 1, true, GOYA_PKT_MB), 0);
	/* SOB 1023 := 0xFFFF (the full 16-bit value), no barrier */
	ck_assert_int_eq(goya_cb_sob_write(&b, 1023, 0xFFFF, false, 0), 0);
	EXPECT_WORDS(0x80000001, 0x84400014, 0x0000FFFF, 0x04400FFC);
	ck_assert_int_eq(goya_cb_sob_write(&b, 0, 0x10000, false, 0), -EINVAL);
	ck_assert_int_eq(goya_cb_sob_write(&b, 1024, 1, true, 0), -EINVAL);
	ck_assert_uint_eq(b.len, 16);
}
END_TEST

START_TEST(test_mon_arm)
{
	/* monitor 3: payload 1 to DMA QMAN 1's CP_FENCE0_RDATA; SOB 5 == 1 */
	ck_assert_int_eq(goya_cb_mon_arm(&b, 3, 5, GOYA_MON_EQ, 1,
					 0x7FFC408158ull, 1, 0), 0);
	EXPECT_WORDS(0xFC408158, 0x0400000C,	/* MON_PAY_ADDRL_3 */
		     0x0000007F, 0x0400040C,	/* MON_PAY_ADDRH_3 */
		     0x00000001, 0x0400080C,	/* MON_PAY_DATA_3 */
		     0x00018005, 0x04000C0C);	/* MON_ARM_3 */
	ck_assert_uint_eq(goya_mon_arm_word(5, GOYA_MON_EQ, 1), 0x00018005);
	ck_assert_uint_eq(goya_mon_arm_word(1023, GOYA_MON_GE, 0xFFFF),
			  0xFFFF03FF);
	ck_assert_uint_eq(goya_mon_arm_word(7, GOYA_MON_GE, 3), 0x00030007);
	/* out of range: nothing appended */
	ck_assert_int_eq(goya_cb_mon_arm(&b, 0, 0, GOYA_MON_GE, 0x10000, 0, 0,
					 0), -EINVAL);
	ck_assert_int_eq(goya_cb_mon_arm(&b, 0, 0, 2, 1, 0, 0, 0), -EINVAL);
	ck_assert_int_eq(goya_cb_mon_arm(&b, 256, 0, GOYA_MON_GE, 1, 0, 0, 0),
			 -EINVAL);
	ck_assert_int_eq(goya_cb_mon_arm(&b, 0, 1024, GOYA_MON_GE, 1, 0, 0, 0),
			 -EINVAL);
	ck_assert_uint_eq(b.len, 32);
}
END_TEST

START_TEST(test_wait_sob)
{
	/* DMA_2 (QMAN at 0x410000) waits for SOB 7 >= 0x1234, fence 1 */
	ck_assert_int_eq(goya_cb_wait_sob(&b, GOYA_QUEUE_ID_DMA_2, 255, 7,
					  GOYA_MON_GE, 0x1234, 1), 0);
	EXPECT_WORDS(0xFC41015C, 0x040003FC,	/* ADDRL_255 = FENCE1_RDATA */
		     0x0000007F, 0x040007FC,
		     0x00000001, 0x04000BFC,
		     0x12340007, 0x04000FFC,	/* ARM_255 = {7, >=, 0x1234} */
		     0x40010001, 0x08000000);	/* FENCE id 1 target 1 dec 1 */
	/* a queue without a QMAN: nothing appended */
	ck_assert_int_eq(goya_cb_wait_sob(&b, GOYA_QUEUE_ID_CPU_PQ, 0, 0,
					  GOYA_MON_GE, 1, 0), -EINVAL);
	ck_assert_uint_eq(b.len, 40);
}
END_TEST

static Suite *packets_suite(void)
{
	Suite *s = suite_create("goya_packets");
	TCase *tc = tcase_create("builders");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_wreg32);
	tcase_add_test(tc, test_wreg32_bad_reg);
	tcase_add_test(tc, test_wreg_bulk);
	tcase_add_test(tc, test_msg_long);
	tcase_add_test(tc, test_msg_short);
	tcase_add_test(tc, test_cp_dma);
	tcase_add_test(tc, test_msg_prot);
	tcase_add_test(tc, test_fence);
	tcase_add_test(tc, test_lin_dma_memset);
	tcase_add_test(tc, test_lin_dma_dir);
	tcase_add_test(tc, test_lin_dma_invalid);
	tcase_add_test(tc, test_nop_stop);
	tcase_add_test(tc, test_bounds);
	tcase_add_test(tc, test_raw_and_walk);
	tcase_add_test(tc, test_names_and_ctl);
	tcase_add_test(tc, test_sob_write);
	tcase_add_test(tc, test_mon_arm);
	tcase_add_test(tc, test_wait_sob);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(packets_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
