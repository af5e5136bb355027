// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * goya-errors - malformed command submissions against the emulated Goya
 * through the unmodified 6.1 driver (issue "Command submission", item 8).
 *
 * Every case submits one bad CS and asserts one of three outcomes:
 *   parser   the driver's CS parser (goya_cs_parser / goya_validate_cb /
 *            validate_queue_index) refuses it: the submit ioctl fails with
 *            the expected errno and the kernel log has the parser's line;
 *   event    the CS reaches the device, the engine stops with an error, the
 *            error message becomes an event-queue entry (kernel log
 *            "Received H/W interrupt N", plus "MMU page fault on va" where
 *            the MMU is involved), the CS times out and the driver does a
 *            compute reset;
 *   timeout  the CS reaches the device, never completes, no error event;
 *            it times out and the driver does a compute reset.
 * After every case the device must be Operational again, a good DMA
 * host -> DRAM -> host must verify, a 4 MiB DRAM arena must hold exactly
 * what it held (except the bytes the case was allowed to write), and the
 * guard bytes around every host buffer must be untouched.
 *
 * Usage: goya-errors [-v] all|parser|ext|int|CASE...
 * Prints TAP-ish "ok"/"not ok" lines, a summary table and
 * "goya-errors: N passed, M failed"; exit status 0 iff nothing failed.
 * Run it with timeout_locked=5: bad CSs use a 1 s custom timeout.
 */
#include "gt_common.h"


enum outcome { OUT_PARSER, OUT_EVENT, OUT_TIMEOUT, OUT_OK };
static const char *const outcome_name[] = {
	[OUT_PARSER] = "rejected by parser",
	[OUT_EVENT] = "device error event + timeout + compute reset",
	[OUT_TIMEOUT] = "timeout + compute reset (no event)",
	[OUT_OK] = "completes",
};

#define ARENA_SIZE	(4 * SZ_1M)
#define HSRC_SIZE	(4 * SZ_1M)
#define OVF_SIZE	SZ_64K
#define OVF_HINT	0x1800000000000ull	/* host VA with nothing after it */
#define UNMAPPED_HOST_VA 0x2000000000000ull	/* host VA range, never mapped */
#define INT_CB_OFF	0x10000			/* internal CBs in user SRAM */
#define BAD_TIMEOUT_S	1

struct env {
	struct gt t;
	struct gt_hbuf hsrc, hdst, hov, hcb;
	uint64_t arena_handle, arena_va;
	uint64_t scratch_handle, scratch_va;
	uint8_t *shadow;		/* expected arena contents */
	uint64_t bar0, bar4;		/* PCI bus addresses of the BARs */
	uint32_t seed;
	char table[8192];
	size_t table_len;
};

struct spec {
	const char *name;
	const char *group;		/* parser, ext, int */
	enum outcome expect;
	int err;			/* parser: expected errno */
	const char *log[3];		/* expected kernel log fragments */
	char logbuf[64];		/* storage for a computed log[] entry */
	/* the external job (none if len == 0 and !int_only) */
	uint32_t queue;
	uint8_t pkts[128];
	uint32_t len;
	uint32_t cb_size;		/* != 0: override the job's cb_size */
	uint64_t cb_handle;		/* != 0: override the CB handle */
	/* an internal job */
	bool has_int;
	uint32_t int_queue;
	uint8_t int_pkts[256];
	uint32_t int_len;
	uint64_t int_addr;		/* != 0: use as CB address, no upload */
	uint32_t int_size;		/* != 0: override cb_size */
	/* arena bytes the case may write, copied from hov (overflow case) */
	uint64_t arena_off, arena_len;
};

/* ---- packet helpers (raw words: the cases are malformed on purpose) ---- */

static uint32_t put(uint8_t *buf, uint32_t off, const void *p, uint32_t n)
{
	memcpy(buf + off, p, n);
	return off + n;
}

static uint32_t pkt2(uint8_t *buf, uint32_t off, uint32_t w0, uint32_t ctl)
{
	uint32_t w[2] = { w0, ctl };

	return put(buf, off, w, 8);
}

static uint32_t pkt_msg_long(uint8_t *buf, uint32_t off, uint64_t addr,
			     uint32_t val)
{
	struct goya_pkt_msg_long p = {
		.value = val,
		.ctl = goya_pkt_ctl(GOYA_PKT_MSG_LONG, GOYA_PKT_MB),
		.addr = addr,
	};

	return put(buf, off, &p, sizeof(p));
}

static uint32_t pkt_lin_dma(uint8_t *buf, uint32_t off, uint64_t src,
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

static uint32_t pkt_cp_dma(uint8_t *buf, uint32_t off, uint64_t src,
			   uint32_t tsize)
{
	struct goya_pkt_cp_dma p = {
		.tsize = tsize,
		.ctl = goya_pkt_ctl(GOYA_PKT_CP_DMA, GOYA_PKT_MB | GOYA_PKT_EB),
		.src_addr = src,
	};

	return put(buf, off, &p, sizeof(p));
}

static uint32_t pkt_fence(uint8_t *buf, uint32_t off, uint32_t id,
			  uint32_t target, uint32_t dec)
{
	return pkt2(buf, off, id << GOYA_PKT_FENCE_ID_SHIFT |
		    target << GOYA_PKT_FENCE_TARGET_SHIFT | dec,
		    goya_pkt_ctl(GOYA_PKT_FENCE, GOYA_PKT_MB));
}

/* Internal-queue case: the external job on DMA queue 1 waits on fence 0,
 * which the internal CB's last packet (MSG_LONG to CP_FENCE0_RDATA of DMA
 * QMAN 1) releases.  So the CS completes iff the internal CB ran to its
 * end. */
static void int_case(struct spec *c, uint32_t int_queue)
{
	c->has_int = true;
	c->int_queue = int_queue;
	c->queue = GOYA_QUEUE_ID_DMA_1;
	c->len = pkt_fence(c->pkts, 0, 0, 1, 1);
}

static void int_end(struct spec *c)
{
	c->int_len = pkt_msg_long(c->int_pkts, c->int_len,
				  GT_DMA_QM_FENCE0_RDATA(1), 1);
}

/* ---- environment ---- */

static int find_bars(struct env *e)
{
	char path[PATH_MAX], line[256];
	FILE *f;
	int i = 0;

	if (gt_pci_dir(path, sizeof(path) - 16)) {
		fprintf(stderr, "no 1da3 PCI device in /sys/bus/pci/devices\n");
		return -ENOENT;
	}
	strcat(path, "/resource");
	f = fopen(path, "r");
	if (!f) {
		perror(path);
		return -errno;
	}
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start = strtoull(line, NULL, 16);

		if (i == 0)
			e->bar0 = start;
		else if (i == 4)
			e->bar4 = start;
		i++;
	}
	fclose(f);
	printf("# BAR0 at 0x%" PRIx64 ", BAR4 at 0x%" PRIx64 "\n", e->bar0,
	       e->bar4);
	return e->bar0 ? 0 : -ENOENT;
}

static int env_init(struct env *e)
{
	struct gt *t = &e->t;
	int rc;

	rc = gt_open(t);
	if (rc)
		return rc;
	rc = find_bars(e);
	if (rc)
		return rc;
	if (gt_hbuf_alloc(&e->hsrc, HSRC_SIZE, SZ_64K, 0) ||
	    gt_hbuf_alloc(&e->hdst, ARENA_SIZE, SZ_64K, 0) ||
	    gt_hbuf_alloc(&e->hov, OVF_SIZE, SZ_64K, 0) ||
	    gt_hbuf_alloc(&e->hcb, SZ_4K, SZ_64K, 0))
		return -ENOMEM;
	rc = gt_hbuf_map(t, &e->hsrc, 0) ?: gt_hbuf_map(t, &e->hdst, 0) ?:
	     gt_hbuf_map(t, &e->hov, OVF_HINT) ?: gt_hbuf_map(t, &e->hcb, 0);
	if (rc)
		return rc;
	if (e->hov.va != OVF_HINT) {
		fprintf(stderr, "host VA hint 0x%llx not honoured (got 0x%" PRIx64
			")\n", OVF_HINT, e->hov.va);
		return -EINVAL;
	}
	gt_fill(e->hov.p, OVF_SIZE, 77);

	rc = hl_mem_alloc(t->dev, ARENA_SIZE, 0, 0, &e->arena_handle) ?:
	     hl_mem_map_device(t->dev, e->arena_handle, 0, &e->arena_va) ?:
	     hl_mem_alloc(t->dev, SZ_2M, 0, 0, &e->scratch_handle) ?:
	     hl_mem_map_device(t->dev, e->scratch_handle, 0, &e->scratch_va);
	if (rc) {
		fprintf(stderr, "%s\n", hl_last_error(t->dev));
		return rc;
	}
	/* Arena := random bytes; shadow := the same. */
	e->shadow = malloc(ARENA_SIZE);
	if (!e->shadow)
		return -ENOMEM;
	gt_fill(e->hsrc.p, ARENA_SIZE, 4242);
	memcpy(e->shadow, e->hsrc.p, ARENA_SIZE);
	rc = gt_dma(t, GOYA_QUEUE_ID_DMA_1, e->hsrc.va, e->arena_va,
		    ARENA_SIZE, HL_DMA_HOST_TO_DRAM, 0);
	printf("# host src VA 0x%" PRIx64 ", dst VA 0x%" PRIx64 ", overflow "
	       "src VA 0x%" PRIx64 ", DRAM arena VA 0x%" PRIx64 ", scratch VA "
	       "0x%" PRIx64 ", user SRAM 0x%" PRIx64 "\n", e->hsrc.va,
	       e->hdst.va, e->hov.va, e->arena_va, e->scratch_va,
	       (uint64_t)t->ip.sram_base_address);
	return rc;
}

/* Device Operational, good DMA verified, arena and host guards intact. */
static bool check_recovered(struct env *e, const char *name)
{
	struct gt *t = &e->t;
	const uint32_t n = SZ_1M;
	size_t bad = 0;
	bool ok = true;
	int rc;

	if (!gt_wait_operational(t, 30000)) {
		gt_ok(t, false, "%s: device Operational again", name);
		return false;
	}
	/* good DMA */
	gt_fill(e->hsrc.p, n, ++e->seed);
	memset(e->hdst.p, 0, n);
	rc = gt_dma(t, GOYA_QUEUE_ID_DMA_1, e->hsrc.va, e->scratch_va, n,
		    HL_DMA_HOST_TO_DRAM, 0) ?:
	     gt_dma(t, GOYA_QUEUE_ID_DMA_2, e->scratch_va, e->hdst.va, n,
		    HL_DMA_DRAM_TO_HOST, 0);
	if (rc || memcmp(e->hsrc.p, e->hdst.p, n)) {
		printf("  good DMA after the case: %s\n",
		       rc ? hl_strerror(rc) : "data mismatch");
		ok = false;
	}
	/* DRAM arena */
	rc = gt_dma(t, GOYA_QUEUE_ID_DMA_2, e->arena_va, e->hdst.va,
		    ARENA_SIZE, HL_DMA_DRAM_TO_HOST, 0);
	if (rc) {
		printf("  arena read-back: %s\n", hl_strerror(rc));
		ok = false;
	} else if (memcmp(e->hdst.p, e->shadow, ARENA_SIZE)) {
		for (bad = 0; bad < ARENA_SIZE; bad++)
			if (e->hdst.p[bad] != e->shadow[bad])
				break;
		printf("  DRAM arena changed at offset 0x%zx (0x%02x, expected "
		       "0x%02x)\n", bad, e->hdst.p[bad], e->shadow[bad]);
		ok = false;
	}
	/* host guards and the overflow source */
	if (!gt_hbuf_guard_ok(&e->hsrc, &bad) ||
	    !gt_hbuf_guard_ok(&e->hdst, &bad) ||
	    !gt_hbuf_guard_ok(&e->hov, &bad) ||
	    !gt_hbuf_guard_ok(&e->hcb, &bad)) {
		printf("  host guard byte changed at region offset 0x%zx\n", bad);
		ok = false;
	}
	gt_ok(t, ok, "%s: device recovered (Operational, DMA verified, DRAM "
	      "arena and host guards intact)", name);
	return ok;
}

/* Upload an internal CB into user SRAM through DMA queue 1. */
static int upload_int_cb(struct env *e, const struct spec *c, uint64_t *addr)
{
	*addr = e->t.ip.sram_base_address + INT_CB_OFF;
	memcpy(e->hcb.p, c->int_pkts, c->int_len);
	return gt_dma(&e->t, GOYA_QUEUE_ID_DMA_1, e->hcb.va, *addr,
		      (c->int_len + 7) & ~7u, HL_DMA_HOST_TO_SRAM, 0);
}

static void table_add(struct env *e, const struct spec *c, const char *got,
		      bool ok)
{
	e->table_len += snprintf(e->table + e->table_len,
				 sizeof(e->table) - e->table_len,
				 "| %-6s | %-28s | %-44s | %s\n", c->group,
				 c->name, got, ok ? "ok" : "FAILED");
}

static void run_case(struct env *e, struct spec *c)
{
	struct gt *t = &e->t;
	struct hl_cs_chunk ic;
	uint32_t hard0, soft0, hard1, soft1;
	bool submitted = false, ok = true;
	const char *got;
	uint64_t int_addr = 0;
	int rc;

	printf("# case %s/%s: expect %s\n", c->group, c->name,
	       outcome_name[c->expect]);
	gt_reset_counts(t, &hard0, &soft0);
	if (c->has_int) {
		int_addr = c->int_addr;
		if (!int_addr && upload_int_cb(e, c, &int_addr)) {
			gt_ok(t, false, "%s: internal CB upload", c->name);
			return;
		}
		hl_chunk_init(&ic, c->int_queue, int_addr,
			      c->int_size ? c->int_size : c->int_len);
	}
	gt_log_mark(t);
	if (c->cb_handle) {
		struct hl_cs_chunk ch;
		uint64_t seq;

		hl_chunk_init(&ch, c->queue, c->cb_handle, c->len);
		rc = hl_cs_submit(t->dev, NULL, 0, &ch, 1, 0, 0, &seq);
	} else {
		rc = gt_cs(t, c->queue, c->len ? c->pkts : NULL, c->len,
			   c->cb_size, c->has_int ? &ic : NULL, c->has_int,
			   c->expect == OUT_OK ? 0 : BAD_TIMEOUT_S, &submitted);
	}

	switch (c->expect) {
	case OUT_PARSER:
		ok = !submitted && rc == c->err;
		gt_ok(t, ok, "%s: submit refused with %d (%s), expected %d",
		      c->name, rc, strerror(-rc), c->err);
		got = submitted ? "SUBMITTED" : rc == c->err ? "rejected by parser" :
		      "wrong errno";
		break;
	case OUT_OK:
		ok = submitted && rc == 1;
		gt_ok(t, ok, "%s: CS completed (wait %d)", c->name, rc);
		got = ok ? "completes" : "did not complete";
		break;
	default:
		ok = submitted && (rc == -ETIMEDOUT || rc == -EIO);
		gt_ok(t, ok, "%s: CS submitted and timed out (submit/wait %d%s)",
		      c->name, rc, submitted ? "" : ", not submitted");
		if (ok) {
			bool line = gt_log_wait(t, "has not finished in time", 5000);

			gt_ok(t, line, "%s: driver logs the CS timeout", c->name);
			ok &= line;
		}
		if (c->expect == OUT_TIMEOUT) {
			bool quiet = !gt_log_has(t, "Received H/W interrupt");

			gt_ok(t, quiet, "%s: no H/W error event", c->name);
			ok &= quiet;
		}
		got = ok ? (c->expect == OUT_EVENT ? "error event + timeout + reset" :
			    "timeout + reset") : "unexpected";
		break;
	}
	for (unsigned i = 0; i < 3 && c->log[i]; i++) {
		bool has = gt_log_wait(t, c->log[i], 3000);

		gt_ok(t, has, "%s: kernel log has \"%s\"", c->name, c->log[i]);
		ok &= has;
	}
	if (c->expect == OUT_EVENT || c->expect == OUT_TIMEOUT) {
		bool soft = false;

		for (int i = 0; i < 200 && !soft; i++) {
			gt_reset_counts(t, &hard1, &soft1);
			soft = soft1 > soft0;
			if (!soft)
				usleep(50000);
		}
		gt_ok(t, soft && hard1 == hard0, "%s: compute reset done "
		      "(soft %u -> %u, hard %u -> %u)", c->name, soft0, soft1,
		      hard0, hard1);
		ok &= soft && hard1 == hard0;
	}
	if (!ok)
		gt_log_dump(t, c->name);
	if (c->arena_len)
		memcpy(e->shadow + c->arena_off, e->hov.p, c->arena_len);
	ok &= check_recovered(e, c->name);
	table_add(e, c, got, ok);
}

/* ---- the cases ---- */

static void parser_cases(struct env *e, struct spec *cs, unsigned *n)
{
	struct spec *c;
	uint64_t v[4] = { 0 };
	struct goya_cb_builder b;

#define NEW(nm, q, errno_) (c = &cs[(*n)++], *c = (struct spec){ \
	.name = nm, .group = "parser", .expect = OUT_PARSER, .err = errno_, \
	.queue = q })

	NEW("bad-opcode", GOYA_QUEUE_ID_DMA_1, -EINVAL);
	c->len = pkt2(c->pkts, 0, 0, 0x1F << GOYA_PKT_CTL_OPCODE_SHIFT);
	c->log[0] = "Invalid packet id 31";

	NEW("packet-past-cb-end", GOYA_QUEUE_ID_DMA_1, -EINVAL);
	pkt_lin_dma(c->pkts, 0, e->hsrc.va, e->scratch_va, 4096,
		    HL_DMA_HOST_TO_DRAM, 0);
	c->len = 16;		/* 24-byte packet in a 16-byte CB */
	c->log[0] = "is out of CB boundary";

	NEW("wreg32-protected-reg", GOYA_QUEUE_ID_DMA_1, -EPERM);
	c->len = pkt2(c->pkts, 0, 0xdead, goya_pkt_ctl(GOYA_PKT_WREG_32, 0) |
		      0x0000);	/* GLBL_CFG0 of its own QMAN */
	c->log[0] = "WREG32 packet with illegal address 0x0";

	NEW("wreg-bulk-huge", GOYA_QUEUE_ID_DMA_1, -EPERM);
	goya_cb_init(&b, c->pkts, sizeof(c->pkts));
	goya_cb_wreg_bulk(&b, 0x100, v, 4, 0);
	((uint32_t *)c->pkts)[0] = 0xFFFF;	/* claims 65535 values */
	c->len = b.len;
	c->log[0] = "User not allowed to use WREG_BULK";

	NEW("msg-prot", GOYA_QUEUE_ID_DMA_1, -EPERM);
	goya_cb_init(&b, c->pkts, sizeof(c->pkts));
	goya_cb_msg_prot(&b, GT_DMA_QM_FENCE0_RDATA(1), 1, 0);
	c->len = b.len;
	c->log[0] = "User not allowed to use MSG_PROT";

	NEW("cp-dma-on-ext-queue", GOYA_QUEUE_ID_DMA_1, -EPERM);
	c->len = pkt_cp_dma(c->pkts, 0, e->t.ip.sram_base_address, 64);
	c->log[0] = "User not allowed to use CP_DMA";

	NEW("stop", GOYA_QUEUE_ID_DMA_1, -EPERM);
	c->len = pkt2(c->pkts, 0, 0, goya_pkt_ctl(GOYA_PKT_STOP, 0));
	c->log[0] = "User not allowed to use STOP";

	NEW("lin-dma-tsize-0", GOYA_QUEUE_ID_DMA_1, -EINVAL);
	c->len = pkt_lin_dma(c->pkts, 0, e->hsrc.va, e->scratch_va, 0,
			     HL_DMA_HOST_TO_DRAM, 0);
	c->log[0] = "Got DMA with size 0";

	NEW("host-read-on-queue-2", GOYA_QUEUE_ID_DMA_2, -EFAULT);
	c->len = pkt_lin_dma(c->pkts, 0, e->hsrc.va, e->scratch_va, 4096,
			     HL_DMA_HOST_TO_DRAM, 0);
	c->log[0] = "Can't DMA from host on queue other then 1";

	NEW("cb-size-beyond-cb", GOYA_QUEUE_ID_DMA_1, -EINVAL);
	c->len = pkt2(c->pkts, 0, 0, goya_pkt_ctl(GOYA_PKT_NOP, 0));
	c->cb_size = 2 * 4096;	/* the CB has one page */
	c->log[0] = "CB size 8192 invalid";

	NEW("cb-size-overflow", GOYA_QUEUE_ID_DMA_1, -EINVAL);
	c->len = pkt2(c->pkts, 0, 0, goya_pkt_ctl(GOYA_PKT_NOP, 0));
	c->cb_size = 0xFFFFFFF8u;
	c->log[0] = "CB size 4294967288 invalid";

	NEW("bad-cb-handle", GOYA_QUEUE_ID_DMA_1, -EINVAL);
	c->len = 8;
	c->cb_handle = 0x123456789000ull;
	c->log[0] = "invalid";

	NEW("driver-only-queue", GOYA_QUEUE_ID_CPU_PQ, -EINVAL);
	c->len = pkt2(c->pkts, 0, 0, goya_pkt_ctl(GOYA_PKT_NOP, 0));
	c->log[0] = "Queue index 5 is restricted for the kernel driver";

	NEW("nonexistent-queue", 99, -EINVAL);
	c->len = pkt2(c->pkts, 0, 0, goya_pkt_ctl(GOYA_PKT_NOP, 0));
	c->log[0] = "Queue index 99 is invalid";

	NEW("internal-queue-only", 0, -EINVAL);
	c->has_int = true;
	c->int_queue = GOYA_QUEUE_ID_TPC0;
	c->int_len = pkt2(c->int_pkts, 0, 0, goya_pkt_ctl(GOYA_PKT_NOP, 0));
	c->log[0] = "only internal queues jobs";
#undef NEW
}

static void ext_cases(struct env *e, struct spec *cs, unsigned *n)
{
	struct spec *c;

#define NEW(nm, q, out) (c = &cs[(*n)++], *c = (struct spec){ \
	.name = nm, .group = "ext", .expect = out, .queue = q })

	NEW("dma-to-unmapped-host-va", GOYA_QUEUE_ID_DMA_2, OUT_EVENT);
	c->len = pkt_lin_dma(c->pkts, 0, e->scratch_va, UNMAPPED_HOST_VA,
			     4096, HL_DMA_DRAM_TO_HOST, 0);
	c->log[0] = "Received H/W interrupt 457";	/* DMA2_CH */
	c->log[1] = "MMU page fault on va 0x2000000000000";

	NEW("dma-out-of-range-addr", GOYA_QUEUE_ID_DMA_2, OUT_EVENT);
	c->len = pkt_lin_dma(c->pkts, 0, e->scratch_va, 0x7F00000000ull,
			     4096, HL_DMA_DRAM_TO_DRAM, 0);
	c->log[0] = "Received H/W interrupt 457";
	c->log[1] = "MMU page fault on va 0x7f00000000";

	NEW("memset-unmapped-va", GOYA_QUEUE_ID_DMA_3, OUT_EVENT);
	c->len = pkt_lin_dma(c->pkts, 0, 0x5A5A5A5A5A5A5A5Aull,
			     UNMAPPED_HOST_VA + SZ_2M, 8192,
			     HL_DMA_DRAM_TO_DRAM, GOYA_PKT_LIN_DMA_MEMSET);
	c->log[0] = "Received H/W interrupt 458";	/* DMA3_CH */
	c->log[1] = "MMU page fault on va 0x2000000200000";

	/* tsize far beyond the 64 KiB source: copies the mapped 64 KiB into
	 * the arena at +1 MiB, then faults on the first unmapped source page */
	NEW("dma-size-overflow", GOYA_QUEUE_ID_DMA_1, OUT_EVENT);
	c->len = pkt_lin_dma(c->pkts, 0, e->hov.va, e->arena_va + SZ_1M,
			     0xFFFFF000u, HL_DMA_HOST_TO_DRAM, 0);
	c->log[0] = "Received H/W interrupt 456";	/* DMA1_CH */
	c->log[1] = "MMU page fault on va 0x1800000010000";
	c->arena_off = SZ_1M;
	c->arena_len = OVF_SIZE;

	NEW("dma-address-wraps", GOYA_QUEUE_ID_DMA_2, OUT_EVENT);
	c->len = pkt_lin_dma(c->pkts, 0, e->scratch_va,
			     0xFFFFFFFFFFFFF000ull, 0x2000,
			     HL_DMA_DRAM_TO_DRAM, 0);
	c->log[0] = "Received H/W interrupt 457";
	c->log[1] = "MMU page fault on va";

	/* DMA QMANs' CP is secured (QMAN_DMA_PARTLY_TRUSTED), but only its
	 * MSG_PROT is a secure transaction (goya.c's security scheme; the
	 * parser refuses users' MSG_PROT): a user's MSG_LONG goes through the
	 * MMU like the channel's data, so HOST_PHYS_BASE + BAR is an
	 * unmapped VA and never reaches the BAR. */
	NEW("msg-long-to-own-bar0", GOYA_QUEUE_ID_DMA_1, OUT_EVENT);
	c->len = pkt_msg_long(c->pkts, 0, GT_HOST_PHYS_BASE + e->bar0 +
			      0xC000000 + 0x400000 /* DMA_QM_0_GLBL_CFG0 */, 0);
	c->log[0] = "Received H/W interrupt 450";	/* DMA1_QM */
	snprintf(c->logbuf, sizeof(c->logbuf), "MMU page fault on va 0x%" PRIx64,
		 (uint64_t)(GT_HOST_PHYS_BASE + e->bar0 + 0xC000000 + 0x400000));
	c->log[1] = c->logbuf;

	NEW("msg-long-to-own-bar4", GOYA_QUEUE_ID_DMA_1, OUT_EVENT);
	c->len = pkt_msg_long(c->pkts, 0, GT_HOST_PHYS_BASE + e->bar4 +
			      0x100000, 0x12345678);
	c->log[0] = "Received H/W interrupt 450";
	snprintf(c->logbuf, sizeof(c->logbuf), "MMU page fault on va 0x%" PRIx64,
		 (uint64_t)(GT_HOST_PHYS_BASE + e->bar4 + 0x100000));
	c->log[1] = c->logbuf;

	/* The DMA channel itself is non-secure: HOST_PHYS_BASE + BAR is only
	 * a VA, unmapped for users (userptr cannot pin MMIO), so it faults. */
	NEW("lin-dma-to-own-bar0", GOYA_QUEUE_ID_DMA_2, OUT_EVENT);
	c->len = pkt_lin_dma(c->pkts, 0, e->scratch_va,
			     GT_HOST_PHYS_BASE + e->bar0, 4096,
			     HL_DMA_DRAM_TO_HOST, 0);
	c->log[0] = "Received H/W interrupt 457";
	snprintf(c->logbuf, sizeof(c->logbuf), "MMU page fault on va 0x%" PRIx64,
		 (uint64_t)(GT_HOST_PHYS_BASE + e->bar0));
	c->log[1] = c->logbuf;

	NEW("msg-long-to-nothing", GOYA_QUEUE_ID_DMA_1, OUT_EVENT);
	c->len = pkt_msg_long(c->pkts, 0, 0x7F00000000ull, 1);
	c->log[0] = "Received H/W interrupt 450";
	c->log[1] = "MMU page fault on va 0x7f00000000";

	NEW("fence-never-satisfied", GOYA_QUEUE_ID_DMA_3, OUT_TIMEOUT);
	c->len = pkt_fence(c->pkts, 0, 2, 1, 1);

#undef NEW
}

static void int_cases(struct env *e, struct spec *cs, unsigned *n)
{
	struct spec *c;
	uint64_t cb = e->t.ip.sram_base_address + INT_CB_OFF;

#define NEW(nm, q, out) (c = &cs[(*n)++], *c = (struct spec){ \
	.name = nm, .group = "int", .expect = out }, int_case(c, q))

	NEW("int-good-chain", GOYA_QUEUE_ID_TPC0, OUT_OK);
	c->int_len = pkt2(c->int_pkts, 0, 0, goya_pkt_ctl(GOYA_PKT_NOP, 0));
	int_end(c);

	NEW("int-unknown-opcode", GOYA_QUEUE_ID_TPC0, OUT_EVENT);
	c->int_len = pkt2(c->int_pkts, 0, 0, 0x1F << GOYA_PKT_CTL_OPCODE_SHIFT);
	int_end(c);
	c->log[0] = "Received H/W interrupt 438";	/* TPC0_QM */

	NEW("mme-unknown-opcode", GOYA_QUEUE_ID_MME, OUT_EVENT);
	c->int_len = pkt2(c->int_pkts, 0, 0, 0x0C << GOYA_PKT_CTL_OPCODE_SHIFT);
	int_end(c);
	c->log[0] = "Received H/W interrupt 447";	/* MME_QM */

	/* CP_DMA of a CB that CP_DMAs itself */
	NEW("int-cp-dma-self-chain", GOYA_QUEUE_ID_TPC1, OUT_EVENT);
	c->int_len = pkt_cp_dma(c->int_pkts, 0, cb, 16);
	int_end(c);
	c->log[0] = "Received H/W interrupt 431";	/* TPC1_CMDQ */
	c->log[1] = "Received H/W interrupt 439";	/* TPC1_QM */

	NEW("int-fence-never-satisfied", GOYA_QUEUE_ID_TPC2, OUT_TIMEOUT);
	c->int_len = pkt_fence(c->int_pkts, 0, 1, 3, 3);
	int_end(c);

	/* TPC QMANs are non-secure: MSG_LONG goes through the MMU, so the
	 * BAR's host physical address is just an unmapped VA for users. */
	NEW("int-msg-long-to-own-bar0", GOYA_QUEUE_ID_TPC0, OUT_EVENT);
	c->int_len = pkt_msg_long(c->int_pkts, 0, GT_HOST_PHYS_BASE + e->bar0 +
				  0xC000000 + 0x400000, 0);
	int_end(c);
	c->log[0] = "Received H/W interrupt 438";
	c->log[1] = "MMU page fault on va 0x80";

	NEW("int-wreg32-protected", GOYA_QUEUE_ID_TPC3, OUT_EVENT);
	c->int_len = pkt2(c->int_pkts, 0, 0xFFFFFFFF,
			  goya_pkt_ctl(GOYA_PKT_WREG_32, 0) | 0xF000);
	int_end(c);
	c->log[0] = "Received H/W interrupt 441";	/* TPC3_QM */

	NEW("int-wreg-bulk-huge", GOYA_QUEUE_ID_TPC4, OUT_EVENT);
	c->int_len = pkt2(c->int_pkts, 0, 1000,
			  goya_pkt_ctl(GOYA_PKT_WREG_BULK, 0) | 0x100);
	c->int_len += 64;	/* some values; the packet claims 8000 bytes */
	int_end(c);
	c->log[0] = "Received H/W interrupt 442";	/* TPC4_QM */

	NEW("int-packet-past-cb-end", GOYA_QUEUE_ID_TPC5, OUT_EVENT);
	c->int_len = pkt_msg_long(c->int_pkts, 0, GT_DMA_QM_FENCE0_RDATA(1), 1);
	c->int_size = 8;	/* header only: the body is past the end */
	c->log[0] = "Received H/W interrupt 443";	/* TPC5_QM */

	NEW("int-cb-at-unmapped-va", GOYA_QUEUE_ID_TPC6, OUT_EVENT);
	c->int_len = pkt2(c->int_pkts, 0, 0, goya_pkt_ctl(GOYA_PKT_NOP, 0));
	int_end(c);
	c->int_addr = UNMAPPED_HOST_VA + SZ_64K;
	c->log[0] = "Received H/W interrupt 444";	/* TPC6_QM */
	c->log[1] = "MMU page fault on va 0x2000000010000";

	NEW("int-msg-to-unmapped-va", GOYA_QUEUE_ID_TPC7, OUT_EVENT);
	c->int_len = pkt_msg_long(c->int_pkts, 0, UNMAPPED_HOST_VA + 0x40, 7);
	int_end(c);
	c->log[0] = "Received H/W interrupt 445";	/* TPC7_QM */
	c->log[1] = "MMU page fault on va 0x2000000000040";

	NEW("int-good-chain-after", GOYA_QUEUE_ID_TPC0, OUT_OK);
	c->int_len = pkt2(c->int_pkts, 0, 0, goya_pkt_ctl(GOYA_PKT_NOP, 0));
	int_end(c);
#undef NEW
}

int main(int argc, char **argv)
{
	static struct spec cases[64];
	static struct env e;
	unsigned n = 0;
	int argi = 1, ran = 0;

	if (argi < argc && !strcmp(argv[argi], "-v")) {
		gt_verbose = 1;
		argi++;
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: %s [-v] all|parser|ext|int|CASE...\n",
			argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (env_init(&e)) {
		printf("not ok - set-up failed\n");
		return 1;
	}
	parser_cases(&e, cases, &n);
	ext_cases(&e, cases, &n);
	int_cases(&e, cases, &n);
	for (unsigned i = 0; i < n; i++) {
		bool pick = false;

		for (int a = argi; a < argc; a++)
			pick |= !strcmp(argv[a], "all") ||
				!strcmp(argv[a], cases[i].group) ||
				!strcmp(argv[a], cases[i].name);
		if (!pick)
			continue;
		run_case(&e, &cases[i]);
		ran++;
	}
	printf("# %d cases\n| group  | case                         | outcome"
	       "                                      | result\n%s", ran,
	       e.table);
	printf("goya-errors: %d passed, %d failed\n", e.t.pass, e.t.fail);
	return e.t.fail || !ran ? 1 : 0;
}
