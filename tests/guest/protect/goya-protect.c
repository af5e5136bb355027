// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * goya-protect - register protection through the unmodified 6.1 driver
 * (issue 9, item 2; docs/fidelity.md "Register protection").
 *
 * The facts come from the driver contract section 17.2 and the driver's
 * own goya_init_security() values; every address below is a literal from
 * the driver's headers:
 *   - LBW range 7 (0xFCC4A000 / 0xFFFFE000) covers PSOC_GLOBAL_CONF
 *     (0xC4B000): the DMA channel (non-secure: QMAN_DMA_PARTLY_TRUSTED
 *     leaves DMA_PROT clear) cannot write its scratchpads;
 *   - HBW range 1 (DRAM_PHYS_BASE / 0x3FFFF:E0000000) covers the first
 *     512 MiB of DRAM: no user DMA reads or writes it;
 *   - protection bits: a TPC QMAN (QMAN_TPC_ERR_PROT: nothing trusted)
 *     cannot write a DMA QMAN's PQ registers (goya_init_dma_protection_bits
 *     keeps PQ_BASE_LO secure);
 *   - a user MSG_LONG from DMA QMAN 0's (secured) CP is still a
 *     non-secure transaction: LBW range 7 stops it (only MSG_PROT, which
 *     the parser refuses to users, is secure);
 *   - writes nothing protects still work.
 * A blocked write: the queue stops with its error event (kernel log
 * "Received H/W interrupt N" plus the RAZWI line the driver prints from
 * DMA_MACRO_RAZWI_*), the CS times out, the driver does a compute reset,
 * and the device works again (verified DMA).  Registers are read back
 * through the driver's debugfs (addr + data32).
 *
 * The accel driver (Debian's 6.12, unstable's newest) handles a CS timeout
 * differently (common/device.c, common/command_submission.c):
 * hl_device_cond_reset() makes it a hard reset that kills every process
 * holding the device, unless the process registered an eventfd
 * (HL_INFO_REGISTER_EVENTFD); then it is notified (events CS_TIMEOUT |
 * DEVICE_RESET), WAIT_CS refuses with -EBUSY, and the reset waits for the
 * release of the device (or a 30 s watchdog).  The timed-out CS still
 * holds the context then, so hl_device_release() resets hard ("User
 * process closed FD but device still in use"): no compute reset for a
 * hung CS on this driver.  So on accel each bad case registers an eventfd,
 * waits for the notification, closes the device, opens it again and
 * checks one hard reset; the protection checks are the same.  The
 * driver's debugfs is under /sys/kernel/debug/accel/ there.
 *
 * Usage: goya-protect [-v]; prints ok/not ok lines and
 * "goya-protect: N passed, M failed"; exit 0 iff nothing failed.
 * The bad CSs use a 1 s custom timeout.
 */
#include <glob.h>
#include <sys/eventfd.h>

#include "../errors/gt_common.h"

#define SCRATCHPAD_15		0xC4B13Cull	/* unused by driver and firmware */
#define SCRATCHPAD_16		0xC4B140ull
#define SCRATCHPAD_17		0xC4B144ull
#define DMA_QM_1_PQ_BASE_LO	0x408060ull
#define BAD_TIMEOUT_S		1
/* misc driver (6.1): /sys/kernel/debug/habanalabs/hl0; accel: the DRM
 * accel minor's directory, /sys/kernel/debug/accel/<minor or PCI name> */
#define DBG_DIR_MISC		"/sys/kernel/debug/habanalabs/hl0"
#define DBG_GLOB_ACCEL		"/sys/kernel/debug/accel/*/data32"

static struct gt t;
static struct gt_hbuf hsrc, hdst, hcb;
static uint64_t dram_va, dram_handle;
static bool accel;		/* accel driver: release-based reset */
static int efd = -1;		/* eventfd registered on accel */
static char dbg_dir[256];

/* ---- debugfs register access ---- */

static void dbg_find(void)
{
	glob_t g;

	snprintf(dbg_dir, sizeof(dbg_dir), "%s", DBG_DIR_MISC);
	if (!accel || glob(DBG_GLOB_ACCEL, 0, NULL, &g))
		return;
	if (g.gl_pathc) {
		snprintf(dbg_dir, sizeof(dbg_dir), "%s", g.gl_pathv[0]);
		*strrchr(dbg_dir, '/') = '\0';
	}
	globfree(&g);
}

static int dbg_read32(uint64_t addr, uint32_t *val)
{
	char buf[64], path[300];
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "%s/addr", dbg_dir);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fprintf(f, "0x%" PRIx64 "\n", addr);
	if (fclose(f))
		return -errno;
	snprintf(path, sizeof(path), "%s/data32", dbg_dir);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	n = fgets(buf, sizeof(buf), f) ? 0 : -EIO;
	fclose(f);
	if (!n)
		*val = strtoul(buf, NULL, 0);
	return n;
}

static uint32_t reg(uint64_t off)
{
	uint32_t v = 0xDEADDEAD;
	int rc = dbg_read32(GT_CFG_BASE + off, &v);

	if (rc)
		printf("  debugfs read of 0x%" PRIx64 ": %s\n", off, strerror(-rc));
	return v;
}

/* ---- packets ---- */

static uint32_t put(uint8_t *buf, uint32_t off, const void *p, uint32_t n)
{
	memcpy(buf + off, p, n);
	return off + n;
}

static uint32_t msg_long(uint8_t *buf, uint32_t off, uint64_t addr,
			 uint32_t val)
{
	struct goya_pkt_msg_long p = {
		.value = val,
		.ctl = goya_pkt_ctl(GOYA_PKT_MSG_LONG, GOYA_PKT_MB),
		.addr = addr,
	};

	return put(buf, off, &p, sizeof(p));
}

static uint32_t lin_dma(uint8_t *buf, uint32_t off, uint64_t src,
			uint64_t dst, uint32_t tsize, uint32_t dir,
			uint32_t extra)
{
	struct goya_pkt_lin_dma p = {
		.tsize = tsize,
		.ctl = goya_pkt_ctl(GOYA_PKT_LIN_DMA, GOYA_PKT_MB | GOYA_PKT_EB |
				    extra | dir << GOYA_PKT_LIN_DMA_DIR_SHIFT),
		.src_addr = src,
		.dst_addr = dst,
	};

	return put(buf, off, &p, sizeof(p));
}

static uint32_t fence(uint8_t *buf, uint32_t off)
{
	uint32_t w[2] = {
		0u << GOYA_PKT_FENCE_ID_SHIFT | 1u << GOYA_PKT_FENCE_TARGET_SHIFT | 1,
		goya_pkt_ctl(GOYA_PKT_FENCE, GOYA_PKT_MB),
	};

	return put(buf, off, w, 8);
}

/* ---- the device session: handle, buffers, DRAM, eventfd ---- */

static bool session_open(void)
{
	int pass = t.pass, fail = t.fail;	/* gt_open() clears them */
	struct hl_dev *ctl;
	uint32_t st = 0;
	int rc;

	/* after a release: the reset must be over before the open */
	if (!hl_open_control(0, &ctl)) {
		for (int i = 0; i < 600; i++) {
			if (!hl_info_device_status(ctl, &st) &&
			    st == HL_DEVICE_STATUS_OPERATIONAL)
				break;
			usleep(50000);
		}
		hl_close(ctl);
	}
	rc = gt_open(&t);

	/* while the driver resets the released device: -EAGAIN (accel's
	 * hl_device_open()), -EBUSY (context still active) */
	for (int i = 0; (rc == -EBUSY || rc == -EAGAIN) && i < 200; i++) {
		usleep(50000);
		rc = gt_open(&t);
	}
	t.pass = pass;
	t.fail = fail;
	if (rc || gt_hbuf_alloc(&hsrc, SZ_64K, SZ_4K, 0) ||
	    gt_hbuf_alloc(&hdst, SZ_64K, SZ_4K, 0) ||
	    gt_hbuf_alloc(&hcb, SZ_4K, SZ_4K, 0) ||
	    gt_hbuf_map(&t, &hsrc, 0) || gt_hbuf_map(&t, &hdst, 0) ||
	    gt_hbuf_map(&t, &hcb, 0) ||
	    hl_mem_alloc(t.dev, SZ_2M, 0, 0, &dram_handle) ||
	    hl_mem_map_device(t.dev, dram_handle, 0, &dram_va))
		return false;
	if (accel) {
		efd = eventfd(0, EFD_NONBLOCK);
		if (efd < 0 || hl_info_register_eventfd(t.dev, efd))
			return false;
	}
	return true;
}

/* Give everything back and close the handle: on accel this release is
 * what lets the driver reset the device after a CS timeout. */
static void session_close(void)
{
	gt_hbuf_free(&t, &hsrc);
	gt_hbuf_free(&t, &hdst);
	gt_hbuf_free(&t, &hcb);
	hl_mem_unmap(t.dev, dram_va);
	hl_mem_free(t.dev, dram_handle);
	hl_close(t.dev);
	t.dev = NULL;
	if (efd >= 0)
		close(efd);
	efd = -1;
	close(t.kmsg);
	free(t.log);
}

/* accel: wait (up to @ms) for the driver's notification on the eventfd and
 * return the HL_NOTIFIER_EVENT_* mask it left for this handle */
static uint64_t notified(int ms)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };
	uint64_t n, mask = 0;

	if (poll(&p, 1, ms) == 1 && read(efd, &n, sizeof(n)) == sizeof(n))
		hl_info_get_events(t.dev, &mask);
	return mask;
}

/* ---- one case ---- */

struct pcase {
	const char *name;
	bool expect_ok;			/* else: event + timeout + reset */
	uint32_t queue;
	uint8_t pkts[128];
	uint32_t len;
	bool has_int;			/* internal TPC0 CB (uploaded to SRAM) */
	uint8_t int_pkts[128];
	uint32_t int_len;
	const char *log[3];		/* expected kernel log lines */
	const char *not_log;		/* must not appear */
	/* register that must read @expect right after the event/completion */
	uint64_t check_reg;
	uint32_t expect;
	bool expect_from_before;	/* @expect := its value before the CS */
	/* host buffer that must be unchanged */
	bool check_hdst;
};

static bool recovered(const char *name)
{
	const uint32_t n = SZ_64K;
	bool ok;
	int rc;

	if (!gt_wait_operational(&t, 30000)) {
		gt_ok(&t, false, "%s: device Operational again", name);
		return false;
	}
	gt_fill(hsrc.p, n, 99);
	memset(hdst.p, 0, n);
	rc = gt_dma(&t, GOYA_QUEUE_ID_DMA_1, hsrc.va, dram_va, n,
		    HL_DMA_HOST_TO_DRAM, 0) ?:
	     gt_dma(&t, GOYA_QUEUE_ID_DMA_2, dram_va, hdst.va, n,
		    HL_DMA_DRAM_TO_HOST, 0);
	ok = !rc && !memcmp(hsrc.p, hdst.p, n);
	gt_ok(&t, ok, "%s: device recovered (Operational, DMA host -> DRAM -> "
	      "host verified)", name);
	return ok;
}

/*
 * Submit @c's CS; read @c->check_reg as soon as the CS completed or the
 * error event is logged (before the timeout's reset re-programs the
 * engines), then wait for the CS.  Returns what gt_cs() returns.
 */
static int submit(struct pcase *c, const struct hl_cs_chunk *ic,
		  bool *submitted, uint32_t *got)
{
	struct hl_cs_chunk chunks[2];
	struct hl_cb cb = { 0 };
	uint32_t status = 0;
	unsigned nch = 0;
	uint64_t seq;
	int rc;

	*submitted = false;
	rc = hl_cb_alloc(t.dev, c->len, &cb);
	if (rc)
		return rc;
	memcpy(cb.ptr, c->pkts, c->len);
	hl_chunk_init(&chunks[nch++], c->queue, cb.handle, c->len);
	if (ic)
		chunks[nch++] = *ic;
	rc = hl_cs_submit(t.dev, NULL, 0, chunks, nch,
			  c->expect_ok ? 0 : HL_CS_FLAGS_CUSTOM_TIMEOUT,
			  c->expect_ok ? 0 : BAD_TIMEOUT_S, &seq);
	if (rc) {
		hl_cb_free(t.dev, &cb);
		return rc;
	}
	*submitted = true;
	if (!c->expect_ok)
		gt_log_wait(&t, c->log[0], 3000);
	if (c->expect_ok)
		rc = hl_cs_wait(t.dev, seq, 30000000, &status);
	if (c->check_reg)
		*got = reg(c->check_reg);
	if (!c->expect_ok && !accel)
		rc = hl_cs_wait(t.dev, seq, 30000000, &status);
	if (!c->expect_ok && accel) {
		/* the timeout is only notified; the CS stays incomplete
		 * until the device is released and reset, and WAIT_CS
		 * refuses with -EBUSY meanwhile (hl_wait_ioctl():
		 * "user should release the device") */
		uint64_t mask = notified(15000);
		const uint64_t want = HL_NOTIFIER_EVENT_CS_TIMEOUT |
				      HL_NOTIFIER_EVENT_DEVICE_RESET;

		rc = hl_cs_wait(t.dev, seq, 0, &status);
		gt_ok(&t, (mask & want) == want && rc == -EBUSY,
		      "%s: driver notified CS_TIMEOUT | DEVICE_RESET (events "
		      "0x%" PRIx64 "), waits refused until the release (%d)",
		      c->name, mask, rc);
		if ((mask & want) == want && rc == -EBUSY)
			rc = -ETIMEDOUT;
	}
	hl_cb_free(t.dev, &cb);
	return rc;
}

static void run(struct pcase *c)
{
	struct hl_cs_chunk ic;
	uint32_t hard0, soft0, hard1 = 0, soft1 = 0, got = 0;
	bool submitted = false, ok;
	int rc;

	printf("# case %s: expect %s\n", c->name, c->expect_ok ? "completion" :
	       accel ? "error event + CS timeout + hard reset on release" :
	       "error event + CS timeout + compute reset");
	gt_reset_counts(&t, &hard0, &soft0);
	if (c->expect_from_before)
		c->expect = reg(c->check_reg);
	if (c->has_int) {
		uint64_t addr = t.ip.sram_base_address + 0x10000;

		memcpy(hcb.p, c->int_pkts, c->int_len);
		if (gt_dma(&t, GOYA_QUEUE_ID_DMA_1, hcb.va, addr,
			   (c->int_len + 7) & ~7u, HL_DMA_HOST_TO_SRAM, 0)) {
			gt_ok(&t, false, "%s: internal CB upload", c->name);
			return;
		}
		hl_chunk_init(&ic, GOYA_QUEUE_ID_TPC0, addr, c->int_len);
	}
	if (c->check_hdst)
		memset(hdst.p, 0x3C, SZ_4K);
	gt_log_mark(&t);
	rc = submit(c, c->has_int ? &ic : NULL, &submitted, &got);
	if (c->expect_ok) {
		gt_ok(&t, submitted && rc == 1, "%s: CS completed (%d)", c->name,
		      rc);
	} else {
		gt_ok(&t, submitted && (rc == -ETIMEDOUT || rc == -EIO),
		      "%s: CS submitted and timed out (%d%s)", c->name, rc,
		      submitted ? "" : ", not submitted");
		/* 6.1: "... has not finished in time!", accel: "... in N
		 * seconds!" */
		gt_ok(&t, gt_log_wait(&t, "has not finished in", 5000),
		      "%s: driver logs the CS timeout", c->name);
	}
	for (unsigned i = 0; i < 3 && c->log[i]; i++)
		gt_ok(&t, gt_log_wait(&t, c->log[i], 3000),
		      "%s: kernel log has \"%s\"", c->name, c->log[i]);
	if (c->not_log)
		gt_ok(&t, !gt_log_has(&t, c->not_log),
		      "%s: kernel log lacks \"%s\"", c->name, c->not_log);
	if (c->check_reg) {
		gt_ok(&t, got == c->expect, "%s: register 0x%" PRIx64 " reads "
		      "0x%08x, expected 0x%08x", c->name, c->check_reg, got,
		      c->expect);
	}
	if (c->check_hdst) {
		size_t i;

		for (i = 0; i < SZ_4K && hdst.p[i] == 0x3C; i++)
			;
		gt_ok(&t, i == SZ_4K, "%s: host destination untouched",
		      c->name);
	}
	if (!c->expect_ok && accel) {
		/* release the device: the driver's compute reset runs now */
		session_close();
		if (!session_open()) {
			gt_ok(&t, false, "%s: device opened again after the "
			      "release", c->name);
			printf("goya-protect: %d passed, %d failed\n", t.pass,
			       t.fail);
			exit(1);
		}
	}
	if (!c->expect_ok && !accel) {
		bool soft = false;

		for (int i = 0; i < 200 && !soft; i++) {
			gt_reset_counts(&t, &hard1, &soft1);
			soft = soft1 > soft0;
			if (!soft)
				usleep(50000);
		}
		gt_ok(&t, soft && hard1 == hard0, "%s: compute reset done "
		      "(soft %u -> %u, hard %u -> %u)", c->name, soft0, soft1,
		      hard0, hard1);
	}
	if (!c->expect_ok && accel) {
		/* the timed-out CS still holds the context when the fd is
		 * closed: hl_device_release() ("User process closed FD but
		 * device still in use") resets hard, never compute */
		for (int i = 0; i < 200; i++) {
			gt_reset_counts(&t, &hard1, &soft1);
			if (hard1 > hard0)
				break;
			usleep(50000);
		}
		gt_ok(&t, hard1 == hard0 + 1 && soft1 == soft0, "%s: hard reset "
		      "on the release (soft %u -> %u, hard %u -> %u)", c->name,
		      soft0, soft1, hard0, hard1);
	}
	ok = t.fail == 0;
	if (!ok)
		gt_log_dump(&t, c->name);
	recovered(c->name);
}

int main(int argc, char **argv)
{
	static struct pcase cs[8];
	struct pcase *c;
	unsigned n = 0;

	if (argc > 1 && !strcmp(argv[1], "-v"))
		gt_verbose = 1;
	setvbuf(stdout, NULL, _IOLBF, 0);
	accel = !strcmp(hl_iface_name(), "accel");
	dbg_find();
	printf("# driver interface %s, debugfs %s\n", hl_iface_name(), dbg_dir);
	if (!session_open()) {
		printf("not ok - set-up failed\n");
		return 1;
	}

	/* 1. user CB on DMA QMAN 0: the channel memsets a PSOC_GLOBAL_CONF
	 *    scratchpad -> LBW range 7 blocks it */
	c = &cs[n++];
	*c = (struct pcase){ .name = "dma0-memset-scratchpad",
		.queue = GOYA_QUEUE_ID_DMA_0,
		.log = { "Received H/W interrupt 455",	/* DMA0_CH */
			 "Illegal write to LBW" },
		.check_reg = SCRATCHPAD_15, .expect_from_before = true };
	c->len = lin_dma(c->pkts, 0, 0x5EC0BAD0, GT_CFG_BASE + SCRATCHPAD_15,
			 4, HL_DMA_DRAM_TO_DRAM, GOYA_PKT_LIN_DMA_MEMSET);

	/* 2. user LIN_DMA into the first 512 MiB of DRAM -> HBW range 1 */
	c = &cs[n++];
	*c = (struct pcase){ .name = "dma1-write-low-dram",
		.queue = GOYA_QUEUE_ID_DMA_1,
		.log = { "Received H/W interrupt 456",	/* DMA1_CH */
			 "Illegal write to HBW" },
		.not_log = "MMU page fault" };
	c->len = lin_dma(c->pkts, 0, hsrc.va, 0x100000, SZ_4K,
			 HL_DMA_HOST_TO_DRAM, 0);

	/* 3. ... and out of it (the MMU page tables live there) */
	c = &cs[n++];
	*c = (struct pcase){ .name = "dma2-read-low-dram",
		.queue = GOYA_QUEUE_ID_DMA_2,
		.log = { "Received H/W interrupt 457",	/* DMA2_CH */
			 "Illegal read from HBW" },
		.not_log = "MMU page fault", .check_hdst = true };
	c->len = lin_dma(c->pkts, 0, 0x0, hdst.va, SZ_4K,
			 HL_DMA_DRAM_TO_HOST, 0);

	/* 4. internal TPC0 CB writes DMA QMAN 1's PQ_BASE_LO (secure-only),
	 *    then would release the external job's fence: it never does */
	c = &cs[n++];
	*c = (struct pcase){ .name = "tpc0-writes-dma1-pq-base",
		.queue = GOYA_QUEUE_ID_DMA_1, .has_int = true,
		.log = { "Received H/W interrupt 438",	/* TPC0_QM */
			 "Illegal write to LBW" },
		.check_reg = DMA_QM_1_PQ_BASE_LO, .expect_from_before = true };
	c->len = fence(c->pkts, 0);
	c->int_len = msg_long(c->int_pkts, 0,
			      GT_CFG_BASE + DMA_QM_1_PQ_BASE_LO, 0xBAD);
	c->int_len = msg_long(c->int_pkts, c->int_len,
			      GT_DMA_QM_FENCE0_RDATA(1), 1);

	/* 5. allowed: the TPC writes an open register, then the fence */
	c = &cs[n++];
	*c = (struct pcase){ .name = "tpc0-writes-open-scratchpad",
		.expect_ok = true, .queue = GOYA_QUEUE_ID_DMA_1,
		.has_int = true, .not_log = "Received H/W interrupt",
		.check_reg = SCRATCHPAD_16, .expect = 0x600DF00D };
	c->len = fence(c->pkts, 0);
	c->int_len = msg_long(c->int_pkts, 0, GT_CFG_BASE + SCRATCHPAD_16,
			      0x600DF00D);
	c->int_len = msg_long(c->int_pkts, c->int_len,
			      GT_DMA_QM_FENCE0_RDATA(1), 1);

	/* 6. DMA QMAN 0's CP is secured (QMAN_DMA_PARTLY_TRUSTED sets
	 *    CP_PROT), but only MSG_PROT makes a secure transaction (the
	 *    security scheme described in the driver's goya.c): the user's
	 *    MSG_LONG is stopped by LBW range 7, as contract 17.2 saw on
	 *    silicon */
	c = &cs[n++];
	*c = (struct pcase){ .name = "dma0-cp-msg-long-scratchpad",
		.queue = GOYA_QUEUE_ID_DMA_0,
		.log = { "Received H/W interrupt 449",	/* DMA0_QM */
			 "Illegal write to LBW" },
		.check_reg = SCRATCHPAD_17, .expect_from_before = true };
	c->len = msg_long(c->pkts, 0, GT_CFG_BASE + SCRATCHPAD_17, 0xC0FFEE);

	for (unsigned i = 0; i < n; i++)
		run(&cs[i]);
	printf("goya-protect: %d passed, %d failed\n", t.pass, t.fail);
	return t.fail ? 1 : 0;
}
