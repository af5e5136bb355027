// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * goya-dma-test - in-guest command-submission test suite over the real
 * 6.1 habanalabs driver and libhl:
 *
 *  - every DMA direction the parser allows (host->DRAM/SRAM, DRAM/SRAM->
 *    host, DRAM<->SRAM, DRAM->DRAM), sizes 1 B .. 256 MiB, odd sizes and
 *    offsets, random data, guard bytes around every destination;
 *  - LIN_DMA memset on DRAM, SRAM and host memory;
 *  - all five DMA queues busy at once, many CSs in flight, multi-job CSs;
 *  - the parser's queue rule (host sources only on DMA_1);
 *  - cross-queue dependencies through the sync manager (MSG_SHORT SOB
 *    updates, monitors writing CP_FENCE0_RDATA, FENCE), also through a
 *    DMA channel's write completion (WREG_32 WR_COMP_ADDR_LO + WRCOMP);
 *  - internal queues (MME, TPC0..7) whose CBs live in SRAM or DRAM,
 *    including CP_DMA to the MME command queue, completed by an external
 *    job that waits for them.
 *
 * Every check compares data byte for byte.  Output is TAP-like ("ok N -",
 * "not ok N -") followed by "goya-dma-test: N passed, M failed".
 * Usage: goya-dma-test [-d INDEX] [--max-size BYTES] [--seed N] [-v]
 * Exit status: 0 all passed, 1 failures, 2 set-up failure.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hl/hl.h>

#include "gt_common.h"		/* tests/guest/errors: gt_diag(), gt_rand() */

#define KiB (1ull << 10)
#define MiB (1ull << 20)
#define GUARD 64		/* device-side guard bytes */
#define HGUARD 256		/* host-side guard bytes */
#define HOST_PAT 0xEE		/* host destination fill */
#define DEV_PAT 0xC3		/* device guard fill (memset) */
#define WAIT_US 20000000ull	/* per CS */
#define MAX_JOBS 32

struct t {
	struct hl_dev *dev;
	struct hl_info_hw_ip_info ip;
	struct hl_host_buf hs, hd;	/* host source / destination */
	struct hl_dram_buf d0, d1;	/* two DRAM areas */
	uint64_t sram, sram_size;
	uint64_t max_size;
	uint32_t next_sob, next_mon;
	uint64_t rng;
	unsigned int n, n_pass, n_fail;
	bool verbose;
};

/* ------------------------------------------------------------------ */

static void result(struct t *t, bool ok, const char *fmt, ...)
{
	va_list ap;

	t->n++;
	printf("%s %u - ", ok ? "ok" : "not ok", t->n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (ok)
		t->n_pass++;
	else
		t->n_fail++;
}

#define diag gt_diag
#define rnd(t) gt_rand(&(t)->rng)
#define fill_random(t, p, len) gt_fill_random(&(t)->rng, (p), (len))

/* Compare @len bytes; report the first difference. */
static bool same(const uint8_t *got, const uint8_t *want, size_t len,
		 const char *what)
{
	size_t i, bad = 0, first = 0;

	if (!memcmp(got, want, len))
		return true;
	for (i = 0; i < len; i++) {
		if (got[i] != want[i]) {
			if (!bad)
				first = i;
			bad++;
		}
	}
	diag("%s: %zu of %zu bytes differ, first at +%zu (got 0x%02x, want 0x%02x)",
	     what, bad, len, first, got[first], want[first]);
	return false;
}

static bool all_bytes(const uint8_t *p, size_t len, uint8_t v, const char *what)
{
	for (size_t i = 0; i < len; i++) {
		if (p[i] != v) {
			diag("%s: byte +%zu is 0x%02x, want 0x%02x", what, i,
			     p[i], v);
			return false;
		}
	}
	return true;
}

static uint64_t pattern(uint8_t b)
{
	return 0x0101010101010101ull * b;
}

/* ---- jobs and CSs ------------------------------------------------- */

struct job {
	struct hl_cb cb;
	struct goya_cb_builder b;
	uint32_t queue;
	uint64_t dev_cb;	/* internal queue: CB device address */
	uint32_t dev_cb_len;
};

static int job_new(struct t *t, struct job *j, uint32_t queue)
{
	int rc;

	memset(j, 0, sizeof(*j));
	j->queue = queue;
	rc = hl_cb_alloc(t->dev, 4096, &j->cb);
	if (rc) {
		diag("CB: %s", hl_last_error(t->dev));
		return rc;
	}
	goya_cb_init(&j->b, j->cb.ptr, j->cb.size);
	return 0;
}

/* An internal-queue job: the CB is already in device memory. */
static void job_internal(struct job *j, uint32_t queue, uint64_t addr,
			 uint32_t len)
{
	memset(j, 0, sizeof(*j));
	j->queue = queue;
	j->dev_cb = addr;
	j->dev_cb_len = len;
}

static void jobs_free(struct t *t, struct job *j, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (j[i].cb.ptr)
			hl_cb_free(t->dev, &j[i].cb);
}

static int lin(struct job *j, uint64_t src, uint64_t dst, uint64_t size,
	       uint32_t dir, uint32_t flags)
{
	return goya_cb_lin_dma(&j->b, src, dst, (uint32_t)size, dir,
			       GOYA_PKT_MB | GOYA_PKT_EB | flags);
}

static int submit(struct t *t, struct job *j, unsigned int n, uint64_t *seq)
{
	struct hl_cs_chunk c[MAX_JOBS];
	int rc;

	for (unsigned int i = 0; i < n; i++) {
		if (j[i].dev_cb_len) {
			hl_chunk_init(&c[i], j[i].queue, j[i].dev_cb,
				      j[i].dev_cb_len);
			continue;
		}
		if (j[i].b.err) {
			diag("job %u: building the CB failed: %s", i,
			     hl_strerror(j[i].b.err));
			return j[i].b.err;
		}
		hl_chunk_init(&c[i], j[i].queue, j[i].cb.handle,
			      (uint32_t)j[i].b.len);
	}
	rc = hl_cs_submit(t->dev, NULL, 0, c, n, 0, 0, seq);
	if (rc)
		diag("%s", hl_last_error(t->dev));
	return rc;
}

static int wait_cs(struct t *t, uint64_t seq)
{
	uint32_t st = 0;
	int rc = hl_cs_wait(t->dev, seq, WAIT_US, &st);

	if (rc == 1)
		return 0;
	if (rc == 0) {
		diag("CS %" PRIu64 " still busy after %llu us", seq, WAIT_US);
		return -ETIMEDOUT;
	}
	diag("%s", hl_last_error(t->dev));
	return rc;
}

/* Submit, wait, free. */
static int run_jobs(struct t *t, struct job *j, unsigned int n)
{
	uint64_t seq;
	int rc = submit(t, j, n, &seq);

	if (!rc)
		rc = wait_cs(t, seq);
	jobs_free(t, j, n);
	return rc;
}

/* One LIN_DMA (or memset) as a one-job CS. */
static int dma1(struct t *t, uint32_t queue, uint64_t src, uint64_t dst,
		uint64_t size, uint32_t dir, uint32_t flags)
{
	struct job j;
	int rc = job_new(t, &j, queue);

	if (rc)
		return rc;
	lin(&j, src, dst, size, dir, flags);
	return run_jobs(t, &j, 1);
}

static uint32_t new_sob(struct t *t)
{
	return t->next_sob++ % GOYA_SM_USER_SOBS;
}

static uint32_t new_mon(struct t *t)
{
	return t->next_mon++ % GOYA_SM_NUM_MONS;
}

/* ---- 1. host <-> DRAM round trips --------------------------------- */

/*
 * DRAM window [doff - GUARD, doff + size + GUARD) := DEV_PAT (memset);
 * host src[hoff..] -> DRAM[doff] (queue 1, same CS: two jobs); then the
 * whole window -> host dst[hoff2 - GUARD ..] on @qd2h.  Checks the data,
 * the device guards and the host guards.
 */
static void dram_roundtrip(struct t *t, uint64_t size, uint64_t hoff,
			   uint64_t doff, uint64_t hoff2, uint32_t qd2h)
{
	uint64_t win = size + 2 * GUARD, dwin = t->d0.va + doff - GUARD;
	uint8_t *dst = t->hd.ptr + hoff2 - GUARD;
	struct job j[2];
	bool ok;
	int rc;

	fill_random(t, t->hs.ptr + hoff, size);
	memset(dst - HGUARD, HOST_PAT, win + 2 * HGUARD);
	if (job_new(t, &j[0], GOYA_QUEUE_ID_DMA_1) ||
	    job_new(t, &j[1], GOYA_QUEUE_ID_DMA_1)) {
		result(t, false, "host->DRAM %" PRIu64 " B: CB allocation", size);
		return;
	}
	lin(&j[0], pattern(DEV_PAT), dwin, win, HL_DMA_HOST_TO_DRAM,
	    GOYA_PKT_LIN_DMA_MEMSET);
	lin(&j[1], t->hs.va + hoff, t->d0.va + doff, size,
	    HL_DMA_HOST_TO_DRAM, 0);
	rc = run_jobs(t, j, 2);
	if (!rc)
		rc = dma1(t, qd2h, dwin, t->hd.va + hoff2 - GUARD, win,
			  HL_DMA_DRAM_TO_HOST, 0);
	ok = !rc &&
	     same(dst + GUARD, t->hs.ptr + hoff, size, "data") &&
	     all_bytes(dst, GUARD, DEV_PAT, "DRAM guard before") &&
	     all_bytes(dst + GUARD + size, GUARD, DEV_PAT, "DRAM guard after") &&
	     all_bytes(dst - HGUARD, HGUARD, HOST_PAT, "host guard before") &&
	     all_bytes(dst + win, HGUARD, HOST_PAT, "host guard after");
	result(t, ok, "host->DRAM->host %" PRIu64 " B (host +%" PRIu64
	       " -> DRAM +%" PRIu64 " -> host +%" PRIu64 ", D2H on queue %u)",
	       size, hoff, doff, hoff2, qd2h);
}

static void test_dram_sizes(struct t *t)
{
	static const uint64_t sizes[] = {
		1, 2, 3, 7, 8, 9, 15, 16, 17, 31, 63, 64, 65, 255, 511,
		4095, 4096, 4097, 8191, 65535, 65536, 65537, 1 * MiB - 1,
		2 * MiB, 2 * MiB + 5, 4 * MiB + 4093, 16 * MiB + 7, 64 * MiB,
		128 * MiB - 3, 256 * MiB,
	};
	static const uint32_t d2h_q[] = {
		GOYA_QUEUE_ID_DMA_2, GOYA_QUEUE_ID_DMA_3, GOYA_QUEUE_ID_DMA_4,
		GOYA_QUEUE_ID_DMA_0, GOYA_QUEUE_ID_DMA_1,
	};
	unsigned int i;

	diag("host <-> DRAM, sizes 1 B .. %" PRIu64 " B", t->max_size);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint64_t s = sizes[i];
		/* odd offsets; a few aligned ones too */
		uint64_t hoff = i % 4 == 0 ? 0 : (rnd(t) % 4096) | 1;
		uint64_t doff = GUARD + (i % 3 == 0 ? 0 : (rnd(t) % 8192) | 1);
		uint64_t hoff2 = HGUARD + GUARD + (i % 5 == 0 ? 0 : (rnd(t) % 4096) | 3);

		if (s > t->max_size)
			continue;
		dram_roundtrip(t, s, hoff, doff, hoff2, d2h_q[i % 5]);
	}
}

/* ---- 2. every direction through SRAM ------------------------------ */

/*
 * host -> SRAM A (q1) -> DRAM d0 (q0) -> DRAM d1 (q3) -> SRAM B (q4) ->
 * host (q2), every leg at an odd offset; the result must equal the source.
 * Each leg is checked on its own: after the chain every intermediate
 * buffer is read back to the host and compared too.
 */
static void sram_chain(struct t *t, uint64_t size)
{
	uint64_t half = t->sram_size / 2;
	uint64_t sa = t->sram + (rnd(t) % 512) + 1;
	uint64_t sb = t->sram + half + (rnd(t) % 512) + 3;
	uint64_t a0 = t->d0.va + (rnd(t) % 4096) + 5;
	uint64_t a1 = t->d1.va + (rnd(t) % 4096) + 7;
	uint64_t ho = (rnd(t) % 4096) | 1;
	const uint8_t *src = t->hs.ptr + ho;
	bool ok;
	int rc;

	fill_random(t, t->hs.ptr + ho, size);
	memset(t->hd.ptr, HOST_PAT, size + 2 * HGUARD);
	rc = dma1(t, GOYA_QUEUE_ID_DMA_1, t->hs.va + ho, sa, size,
		  HL_DMA_HOST_TO_SRAM, 0);
	if (!rc)
		rc = dma1(t, GOYA_QUEUE_ID_DMA_0, sa, a0, size,
			  HL_DMA_SRAM_TO_DRAM, 0);
	if (!rc)
		rc = dma1(t, GOYA_QUEUE_ID_DMA_3, a0, a1, size,
			  HL_DMA_DRAM_TO_DRAM, 0);
	if (!rc)
		rc = dma1(t, GOYA_QUEUE_ID_DMA_4, a1, sb, size,
			  HL_DMA_DRAM_TO_SRAM, 0);
	if (!rc)
		rc = dma1(t, GOYA_QUEUE_ID_DMA_2, sb, t->hd.va + HGUARD, size,
			  HL_DMA_SRAM_TO_HOST, 0);
	ok = !rc && same(t->hd.ptr + HGUARD, src, size, "SRAM B -> host") &&
	     all_bytes(t->hd.ptr, HGUARD, HOST_PAT, "host guard before") &&
	     all_bytes(t->hd.ptr + HGUARD + size, HGUARD, HOST_PAT,
		       "host guard after");
	/* the intermediate copies, read back on other queues */
	if (ok) {
		struct { uint64_t addr; uint32_t q, dir; const char *name; } leg[] = {
			{ sa, GOYA_QUEUE_ID_DMA_0, HL_DMA_SRAM_TO_HOST, "SRAM A" },
			{ a0, GOYA_QUEUE_ID_DMA_3, HL_DMA_DRAM_TO_HOST, "DRAM d0" },
			{ a1, GOYA_QUEUE_ID_DMA_4, HL_DMA_DRAM_TO_HOST, "DRAM d1" },
		};

		for (unsigned int i = 0; ok && i < 3; i++) {
			memset(t->hd.ptr + HGUARD, HOST_PAT, size);
			rc = dma1(t, leg[i].q, leg[i].addr, t->hd.va + HGUARD,
				  size, leg[i].dir, 0);
			ok = !rc && same(t->hd.ptr + HGUARD, src, size, leg[i].name);
		}
	}
	result(t, ok, "host->SRAM->DRAM->DRAM->SRAM->host %" PRIu64 " B "
	       "(SRAM +0x%" PRIx64 "/+0x%" PRIx64 ", DRAM +0x%" PRIx64 "/+0x%" PRIx64 ")",
	       size, sa - t->sram, sb - t->sram, a0 - t->d0.va, a1 - t->d1.va);
}

static void test_sram(struct t *t)
{
	uint64_t sizes[] = { 1, 3, 64, 4097, 65536 + 5, 1 * MiB - 7,
			     t->sram_size / 2 - 1024 };

	diag("SRAM at 0x%" PRIx64 ", %" PRIu64 " B for users", t->sram,
	     t->sram_size);
	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		if (sizes[i] && sizes[i] <= t->sram_size / 2 - 1024)
			sram_chain(t, sizes[i]);
}

/* ---- 3. memset ----------------------------------------------------- */

/* memset [addr, +size) to @b on @q after a DEV_PAT guard window, read the
 * window back and check. */
static void memset_dev(struct t *t, const char *what, uint64_t base,
		       uint64_t off, uint64_t size, uint8_t b, uint32_t q,
		       uint32_t dir, uint32_t rdir)
{
	uint64_t win = size + 2 * GUARD, addr = base + off;
	uint8_t *h = t->hd.ptr + HGUARD;
	bool ok;
	int rc;

	memset(t->hd.ptr, HOST_PAT, win + 2 * HGUARD);
	rc = dma1(t, q, pattern(DEV_PAT), addr - GUARD, win, dir,
		  GOYA_PKT_LIN_DMA_MEMSET);
	if (!rc)
		rc = dma1(t, q, pattern(b), addr, size, dir,
			  GOYA_PKT_LIN_DMA_MEMSET);
	if (!rc)
		rc = dma1(t, GOYA_QUEUE_ID_DMA_2, addr - GUARD,
			  t->hd.va + HGUARD, win, rdir, 0);
	ok = !rc && all_bytes(h + GUARD, size, b, "filled range") &&
	     all_bytes(h, GUARD, DEV_PAT, "guard before") &&
	     all_bytes(h + GUARD + size, GUARD, DEV_PAT, "guard after") &&
	     all_bytes(h + win, HGUARD, HOST_PAT, "host guard");
	result(t, ok, "memset %s +0x%" PRIx64 " %" PRIu64 " B := 0x%02x (queue %u)",
	       what, off, size, b, q);
}

static void test_memset(struct t *t)
{
	uint64_t big = t->max_size < 64 * MiB ? t->max_size : 64 * MiB;
	uint8_t *h;
	bool ok;
	int rc;

	memset_dev(t, "DRAM", t->d0.va, GUARD + 1, 1, 0x5A,
		   GOYA_QUEUE_ID_DMA_0, HL_DMA_DRAM_TO_DRAM, HL_DMA_DRAM_TO_HOST);
	memset_dev(t, "DRAM", t->d0.va, GUARD + 13, 4093, 0xA5,
		   GOYA_QUEUE_ID_DMA_3, HL_DMA_DRAM_TO_DRAM, HL_DMA_DRAM_TO_HOST);
	memset_dev(t, "DRAM", t->d1.va, GUARD + 2 * MiB - 3, 3 * MiB + 11, 0x00,
		   GOYA_QUEUE_ID_DMA_4, HL_DMA_DRAM_TO_DRAM, HL_DMA_DRAM_TO_HOST);
	memset_dev(t, "DRAM", t->d1.va, GUARD, big - 2 * GUARD, 0xFF,
		   GOYA_QUEUE_ID_DMA_1, HL_DMA_DRAM_TO_DRAM, HL_DMA_DRAM_TO_HOST);
	memset_dev(t, "SRAM", t->sram, GUARD + 7, 12345, 0x3C,
		   GOYA_QUEUE_ID_DMA_2, HL_DMA_SRAM_TO_SRAM, HL_DMA_SRAM_TO_HOST);
	memset_dev(t, "SRAM", t->sram, GUARD, t->sram_size - 2 * GUARD, 0x00,
		   GOYA_QUEUE_ID_DMA_0, HL_DMA_SRAM_TO_SRAM, HL_DMA_SRAM_TO_HOST);

	/* memset straight into host memory */
	h = t->hd.ptr + HGUARD;
	memset(t->hd.ptr, HOST_PAT, 1 * MiB + 2 * HGUARD);
	rc = dma1(t, GOYA_QUEUE_ID_DMA_3, pattern(0x69), t->hd.va + HGUARD + 5,
		  1 * MiB - 9, HL_DMA_DRAM_TO_HOST, GOYA_PKT_LIN_DMA_MEMSET);
	ok = !rc && all_bytes(h + 5, 1 * MiB - 9, 0x69, "host range") &&
	     all_bytes(t->hd.ptr, HGUARD + 5, HOST_PAT, "host guard before") &&
	     all_bytes(h + 1 * MiB - 4, HGUARD, HOST_PAT, "host guard after");
	result(t, ok, "memset host +5 %llu B := 0x69 (queue 3)", 1 * MiB - 9);
}

/* ---- 4. the parser's queue rule ----------------------------------- */

/* goya_validate_dma_pkt_mmu(): a LIN_DMA whose source lies in the host VA
 * range is refused with -EFAULT on every queue but DMA_1. */

static void test_queue_rule(struct t *t)
{
	for (uint32_t q = GOYA_QUEUE_ID_DMA_0; q <= GOYA_QUEUE_ID_DMA_4; q++) {
		struct job j;
		uint64_t seq;
		int rc;

		if (job_new(t, &j, q))
			return;
		lin(&j, t->hs.va, t->d0.va, 4096, HL_DMA_HOST_TO_DRAM, 0);
		rc = submit(t, &j, 1, &seq);
		if (!rc)
			rc = wait_cs(t, seq);
		jobs_free(t, &j, 1);
		if (q == GOYA_QUEUE_ID_DMA_1)
			result(t, rc == 0, "host->DRAM accepted on queue 1");
		else
			result(t, rc == -EFAULT,
			       "host->DRAM rejected with -EFAULT on queue %u (got %d)",
			       q, rc);
	}
}

/* ---- 5. all five queues at once ----------------------------------- */

static void test_five_queues(struct t *t)
{
	const uint64_t r = 8 * MiB + 4093;	/* per-queue size */
	const uint64_t stride = 16 * MiB;
	uint64_t seq[8];
	struct job j[MAX_JOBS];
	bool ok = true;
	unsigned int i, n;
	int rc;

	/* d0 regions 0,2,3,4 from the host (one CS, 4 jobs on queue 1) */
	fill_random(t, t->hs.ptr, 5 * stride);
	for (i = 0, n = 0; i < 5; i++) {
		if (i == 1)
			continue;
		if (job_new(t, &j[n], GOYA_QUEUE_ID_DMA_1))
			return;
		lin(&j[n], t->hs.va + i * stride, t->d0.va + i * stride, r,
		    HL_DMA_HOST_TO_DRAM, 0);
		n++;
	}
	rc = run_jobs(t, j, n);
	result(t, !rc, "4-job CS on queue 1 (host->DRAM, 4 x %" PRIu64 " B)", r);
	if (rc)
		return;

	/* five CSs in flight, one per queue, different directions */
	memset(t->hd.ptr, HOST_PAT, 5 * stride);
	for (i = 0; i < 5; i++)
		if (job_new(t, &j[i], i))
			return;
	lin(&j[0], t->d0.va, t->hd.va, r, HL_DMA_DRAM_TO_HOST, 0);
	lin(&j[1], t->hs.va + stride, t->d1.va + stride, r,
	    HL_DMA_HOST_TO_DRAM, 0);
	lin(&j[2], t->d0.va + 2 * stride, t->hd.va + 2 * stride, r,
	    HL_DMA_DRAM_TO_HOST, 0);
	lin(&j[3], t->d0.va + 3 * stride, t->d1.va + 3 * stride, r,
	    HL_DMA_DRAM_TO_DRAM, 0);
	lin(&j[4], t->d0.va + 4 * stride, t->sram + 5, r < t->sram_size - 5 ?
	    r : t->sram_size - 5, HL_DMA_DRAM_TO_SRAM, 0);
	for (i = 0; i < 5 && !rc; i++)
		rc = submit(t, &j[i], 1, &seq[i]);
	for (i = 0; i < 5 && !rc; i++)
		rc = wait_cs(t, seq[i]);
	jobs_free(t, j, 5);
	result(t, !rc, "5 CSs in flight on queues 0-4 (D2H, H2D, D2H, D2D, D2S)");
	if (rc)
		return;
	/* read back what stayed on the device */
	rc = dma1(t, GOYA_QUEUE_ID_DMA_0, t->d1.va + stride, t->hd.va + stride,
		  r, HL_DMA_DRAM_TO_HOST, 0);
	if (!rc)
		rc = dma1(t, GOYA_QUEUE_ID_DMA_2, t->d1.va + 3 * stride,
			  t->hd.va + 3 * stride, r, HL_DMA_DRAM_TO_HOST, 0);
	if (!rc)
		rc = dma1(t, GOYA_QUEUE_ID_DMA_3, t->sram + 5,
			  t->hd.va + 4 * stride, r < t->sram_size - 5 ?
			  r : t->sram_size - 5, HL_DMA_SRAM_TO_HOST, 0);
	ok = !rc;
	for (i = 0; ok && i < 5; i++) {
		uint64_t len = i == 4 && r > t->sram_size - 5 ? t->sram_size - 5 : r;
		char what[32];

		snprintf(what, sizeof(what), "queue %u data", i);
		ok = same(t->hd.ptr + i * stride, t->hs.ptr + i * stride, len,
			  what);
	}
	result(t, ok, "5-queue results verified byte for byte");

	/* one CS with 10 jobs, two per queue */
	memset(t->hd.ptr, HOST_PAT, 5 * stride);
	for (i = 0; i < 10; i++) {
		uint32_t q = i % 5;
		uint64_t off = i * (stride / 2);

		if (job_new(t, &j[i], q))
			return;
		if (q == GOYA_QUEUE_ID_DMA_1)
			lin(&j[i], t->hs.va + off, t->d1.va + off, 1 * MiB + i,
			    HL_DMA_HOST_TO_DRAM, 0);
		else
			lin(&j[i], t->d0.va + off, t->hd.va + off, 1 * MiB + i,
			    HL_DMA_DRAM_TO_HOST, 0);
	}
	/* d0 regions first: make them a known copy of the host source */
	rc = dma1(t, GOYA_QUEUE_ID_DMA_1, t->hs.va, t->d0.va, 5 * stride,
		  HL_DMA_HOST_TO_DRAM, 0);
	if (!rc)
		rc = run_jobs(t, j, 10);
	else
		jobs_free(t, j, 10);
	ok = !rc;
	for (i = 0; ok && i < 10; i++) {
		uint64_t off = i * (stride / 2);

		if (i % 5 == GOYA_QUEUE_ID_DMA_1) {
			rc = dma1(t, GOYA_QUEUE_ID_DMA_4, t->d1.va + off,
				  t->hd.va + off, 1 * MiB + i,
				  HL_DMA_DRAM_TO_HOST, 0);
			ok = !rc;
		}
		ok = ok && same(t->hd.ptr + off, t->hs.ptr + off, 1 * MiB + i,
				"10-job CS");
	}
	result(t, ok, "one CS with 10 jobs on queues 0-4 (2 per queue)");

	/* many CSs in flight on one queue */
	memset(t->hd.ptr, HOST_PAT, 1 * MiB);
	n = 32;
	{
		uint64_t *seqs = calloc(n, sizeof(*seqs));
		unsigned int sub = 0;

		rc = seqs ? 0 : -ENOMEM;
		for (i = 0; i < n && !rc; i++) {
			struct job one;

			rc = job_new(t, &one, GOYA_QUEUE_ID_DMA_2);
			if (rc)
				break;
			lin(&one, t->d0.va + i * 4099, t->hd.va + i * 4099, 4099,
			    HL_DMA_DRAM_TO_HOST, 0);
			rc = submit(t, &one, 1, &seqs[i]);
			jobs_free(t, &one, 1);
			if (!rc)
				sub++;
		}
		for (i = 0; i < sub; i++) {
			int rc2 = wait_cs(t, seqs[i]);

			if (!rc)
				rc = rc2;
		}
		free(seqs);
	}
	ok = !rc && same(t->hd.ptr, t->hs.ptr, 32 * 4099, "32 CSs");
	result(t, ok, "32 CSs in flight on queue 2 (CBs destroyed while queued)");
}

/* ---- 6. sync manager ---------------------------------------------- */

/* Queue 3 waits for SOB S before copying d1 -> host; queue 1 fills d1
 * from the host and then signals S.  The waiting CS must stay busy until
 * the signalling CS is submitted. */
static void test_sync_external(struct t *t, bool wrcomp)
{
	const uint64_t size = 4 * MiB + 77;
	uint32_t qw = wrcomp ? GOYA_QUEUE_ID_DMA_4 : GOYA_QUEUE_ID_DMA_3;
	uint32_t sob = new_sob(t), mon = new_mon(t);
	struct job w, s;
	uint64_t seq_w, seq_s;
	uint32_t st = 0;
	bool ok, busy;
	int rc;

	fill_random(t, t->hs.ptr, size);
	memset(t->hd.ptr, HOST_PAT, size);
	if (job_new(t, &w, qw) || job_new(t, &s, GOYA_QUEUE_ID_DMA_1))
		return;
	goya_cb_wait_sob(&w.b, qw, mon, sob, GOYA_MON_GE, 1, 0);
	lin(&w, t->d1.va + 3, t->hd.va, size, HL_DMA_DRAM_TO_HOST, 0);
	if (wrcomp) {
		goya_cb_wrcomp_to_sob(&s.b, sob);
		lin(&s, t->hs.va, t->d1.va + 3, size, HL_DMA_HOST_TO_DRAM,
		    GOYA_PKT_LIN_DMA_WRCOMP);
	} else {
		lin(&s, t->hs.va, t->d1.va + 3, size, HL_DMA_HOST_TO_DRAM, 0);
		goya_cb_sob_write(&s.b, sob, 1, true, GOYA_PKT_MB);
	}
	rc = submit(t, &w, 1, &seq_w);
	busy = false;
	if (!rc) {
		/* nothing can release it yet */
		busy = hl_cs_wait(t->dev, seq_w, 200000, &st) == 0 &&
		       st == HL_WAIT_CS_STATUS_BUSY;
		rc = submit(t, &s, 1, &seq_s);
		if (!rc)
			rc = wait_cs(t, seq_s);
		if (!rc)
			rc = wait_cs(t, seq_w);
	}
	jobs_free(t, &w, 1);
	jobs_free(t, &s, 1);
	result(t, busy, "waiting CS on queue %u stays busy while SOB %u is 0",
	       qw, sob);
	ok = !rc && same(t->hd.ptr, t->hs.ptr, size, "after the wait");
	result(t, ok, "queue %u released by %s on queue 1 (SOB %u, monitor %u), "
	       "copy saw the new data", qw,
	       wrcomp ? "the DMA write completion (WREG_32 WR_COMP_ADDR_LO)" :
	       "MSG_SHORT SOB +1", sob, mon);
}

/* One CS, five jobs: 1 -> 0 -> 2 -> 3 -> 4, each waiting for the previous. */
static void test_sync_chain(struct t *t)
{
	const uint64_t size = 2 * MiB + 123;
	static const uint32_t order[5] = { 1, 0, 2, 3, 4 };
	uint64_t a[6];
	uint32_t sob[5];
	struct job j[5];
	bool ok;
	int rc;

	a[0] = t->hs.va + 11;
	a[1] = t->d1.va + 1;
	a[2] = t->d1.va + 8 * MiB + 2;
	a[3] = t->d0.va + 16 * MiB + 3;
	a[4] = t->sram + 17;
	a[5] = t->hd.va + 5;
	fill_random(t, t->hs.ptr + 11, size);
	memset(t->hd.ptr, HOST_PAT, size + 16);
	for (int i = 0; i < 5; i++)
		sob[i] = new_sob(t);
	/* jobs listed in reverse, so the waiters are queued first */
	for (int i = 4; i >= 0; i--) {
		struct job *jj = &j[4 - i];
		uint32_t q = order[i];
		static const uint32_t dirs[5] = {
			HL_DMA_HOST_TO_DRAM, HL_DMA_DRAM_TO_DRAM,
			HL_DMA_DRAM_TO_DRAM, HL_DMA_DRAM_TO_SRAM,
			HL_DMA_SRAM_TO_HOST,
		};

		if (job_new(t, jj, q))
			return;
		if (i > 0)
			goya_cb_wait_sob(&jj->b, q, new_mon(t), sob[i - 1],
					 GOYA_MON_GE, 1, 1);
		lin(jj, a[i], a[i + 1], size, dirs[i], 0);
		if (i < 4)
			goya_cb_sob_write(&jj->b, sob[i], 1, true, GOYA_PKT_MB);
	}
	rc = run_jobs(t, j, 5);
	ok = !rc && same(t->hd.ptr + 5, t->hs.ptr + 11, size, "chain result") &&
	     all_bytes(t->hd.ptr, 5, HOST_PAT, "host guard") &&
	     all_bytes(t->hd.ptr + 5 + size, 11, HOST_PAT, "host guard after");
	result(t, ok, "one CS, 5 jobs chained by SOBs: q1 H2D -> q0 D2D -> q2 D2D "
	       "-> q3 D2S -> q4 S2H (%" PRIu64 " B)", size);
}

/* ---- 7. internal queues -------------------------------------------- */

/* Copy @len bytes of packets to device address @dst (through queue 1). */
static int put_cb(struct t *t, const struct goya_cb_builder *b, uint64_t dst,
		  uint32_t dir)
{
	memcpy(t->hs.ptr, b->buf, b->len);
	return dma1(t, GOYA_QUEUE_ID_DMA_1, t->hs.va, dst, b->len, dir, 0);
}

/*
 * Internal jobs on @queues (CBs at @cb_addr[i]) write words with MSG_LONG
 * to @data + 4*k and add 1 to a SOB; the completion job on external @qext
 * waits for SOB == count and copies the words to the host.
 */
static void internal_case(struct t *t, const char *what, const uint32_t *queues,
			  unsigned int nq, uint64_t cb_base, uint32_t cb_dir,
			  uint64_t data, uint32_t data_rdir, uint32_t qext,
			  bool via_cp_dma)
{
	uint32_t sob = new_sob(t), words = 4, lens[16];
	uint32_t want[16 * 4], *got = (uint32_t *)t->hd.ptr;
	uint8_t tmp[512];
	struct goya_cb_builder b;
	struct job j[17];
	unsigned int i, k, n = 0;
	bool ok;
	int rc = 0;

	/* clear the data words */
	rc = dma1(t, GOYA_QUEUE_ID_DMA_0, 0, data, nq * words * 4,
		  data_rdir == HL_DMA_SRAM_TO_HOST ? HL_DMA_SRAM_TO_SRAM :
		  HL_DMA_DRAM_TO_DRAM, GOYA_PKT_LIN_DMA_MEMSET);
	for (i = 0; i < nq && !rc; i++) {
		uint64_t cb = cb_base + i * 1024;

		goya_cb_init(&b, tmp, sizeof(tmp));
		for (k = 0; k < words; k++) {
			want[i * words + k] = (uint32_t)rnd(t);
			goya_cb_msg_long(&b, data + 4 * (i * words + k),
					 want[i * words + k], 0);
		}
		goya_cb_sob_write(&b, sob, 1, true, GOYA_PKT_MB);
		if (via_cp_dma) {
			/* The QM's CB only hands the real one to its CMDQ. */
			uint8_t outer[64];
			struct goya_cb_builder ob;

			rc = b.err ? b.err : put_cb(t, &b, cb + 512, cb_dir);
			goya_cb_init(&ob, outer, sizeof(outer));
			goya_cb_cp_dma(&ob, cb + 512, (uint32_t)b.len, 0);
			if (!rc)
				rc = ob.err ? ob.err : put_cb(t, &ob, cb, cb_dir);
			lens[i] = (uint32_t)ob.len;
		} else {
			rc = b.err ? b.err : put_cb(t, &b, cb, cb_dir);
			lens[i] = (uint32_t)b.len;
		}
	}
	if (rc) {
		result(t, false, "internal queues (%s): writing the CBs", what);
		return;
	}
	memset(t->hd.ptr, HOST_PAT, 4096);
	/* the external completion job first, then the internal ones */
	if (job_new(t, &j[0], qext))
		return;
	goya_cb_wait_sob(&j[0].b, qext, new_mon(t), sob, GOYA_MON_GE, nq, 0);
	lin(&j[0], data, t->hd.va, nq * words * 4, data_rdir, 0);
	n = 1;
	for (i = 0; i < nq; i++)
		job_internal(&j[n++], queues[i], cb_base + i * 1024, lens[i]);
	rc = run_jobs(t, j, n);
	ok = !rc && same((uint8_t *)got, (uint8_t *)want, nq * words * 4,
			 "words written by the internal queues");
	result(t, ok, "internal queues %s: %u CB(s) in %s%s, completion job on "
	       "queue %u waits for SOB %u >= %u", what, nq,
	       cb_dir == HL_DMA_HOST_TO_SRAM ? "SRAM" : "DRAM",
	       via_cp_dma ? " via CP_DMA to the CMDQ" : "", qext, sob, nq);
}

static void test_internal(struct t *t)
{
	static const uint32_t mme[] = { GOYA_QUEUE_ID_MME };
	static const uint32_t tpc[] = {
		GOYA_QUEUE_ID_TPC0, GOYA_QUEUE_ID_TPC1, GOYA_QUEUE_ID_TPC2,
		GOYA_QUEUE_ID_TPC3, GOYA_QUEUE_ID_TPC4, GOYA_QUEUE_ID_TPC5,
		GOYA_QUEUE_ID_TPC6, GOYA_QUEUE_ID_TPC7,
	};
	static const uint32_t all[] = {
		GOYA_QUEUE_ID_MME, GOYA_QUEUE_ID_TPC0, GOYA_QUEUE_ID_TPC1,
		GOYA_QUEUE_ID_TPC2, GOYA_QUEUE_ID_TPC3, GOYA_QUEUE_ID_TPC4,
		GOYA_QUEUE_ID_TPC5, GOYA_QUEUE_ID_TPC6, GOYA_QUEUE_ID_TPC7,
	};
	uint64_t sram_cb = t->sram + t->sram_size - 64 * KiB;
	uint64_t dram_cb = t->d0.va + 90 * MiB;
	uint64_t sram_data = t->sram + t->sram_size - 72 * KiB;
	uint64_t dram_data = t->d1.va + 90 * MiB + 4;
	struct job j;
	uint64_t seq;
	int rc;

	internal_case(t, "MME", mme, 1, sram_cb, HL_DMA_HOST_TO_SRAM,
		      sram_data, HL_DMA_SRAM_TO_HOST, GOYA_QUEUE_ID_DMA_2, false);
	internal_case(t, "TPC0-7", tpc, 8, dram_cb, HL_DMA_HOST_TO_DRAM,
		      dram_data, HL_DMA_DRAM_TO_HOST, GOYA_QUEUE_ID_DMA_0, false);
	internal_case(t, "MME+TPC0-7", all, 9, sram_cb, HL_DMA_HOST_TO_SRAM,
		      dram_data, HL_DMA_DRAM_TO_HOST, GOYA_QUEUE_ID_DMA_4, false);
	internal_case(t, "MME", mme, 1, dram_cb, HL_DMA_HOST_TO_DRAM,
		      sram_data, HL_DMA_SRAM_TO_HOST, GOYA_QUEUE_ID_DMA_3, true);
	internal_case(t, "TPC3", tpc + 3, 1, sram_cb, HL_DMA_HOST_TO_SRAM,
		      dram_data, HL_DMA_DRAM_TO_HOST, GOYA_QUEUE_ID_DMA_1, true);

	/* a CS of internal jobs only is refused */
	job_internal(&j, GOYA_QUEUE_ID_MME, sram_cb, 8);
	rc = submit(t, &j, 1, &seq);
	result(t, rc == -EINVAL, "CS with only an internal-queue job rejected "
	       "with -EINVAL (got %d)", rc);
}

/* ------------------------------------------------------------------ */

static void usage(FILE *f, const char *argv0)
{
	fprintf(f, "usage: %s [-d INDEX] [--max-size BYTES] [--seed N] [-v]\n",
		argv0);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "max-size", required_argument, NULL, 'm' },
		{ "seed", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct t t = { .max_size = 256 * MiB, .rng = 0x9E3779B97F4A7C15ull };
	unsigned int index = 0;
	uint64_t host_size, dram_size;
	int c, rc;

	while ((c = getopt_long(argc, argv, "d:m:s:vh", lopts, NULL)) != -1) {
		switch (c) {
		case 'd': index = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'm': t.max_size = strtoull(optarg, NULL, 0); break;
		case 's': t.rng = strtoull(optarg, NULL, 0) | 1; break;
		case 'v': t.verbose = true; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (t.max_size < 96 * MiB) {
		fprintf(stderr, "--max-size must be >= 96 MiB\n");
		return 2;
	}

	rc = hl_open(index, &t.dev);
	if (rc) {
		printf("Bail out! open /dev/hl%u: %s\n", index, hl_strerror(rc));
		return 2;
	}
	rc = hl_info_hw_ip(t.dev, &t.ip);
	if (rc) {
		printf("Bail out! %s\n", hl_last_error(t.dev));
		return 2;
	}
	t.sram = t.ip.sram_base_address;
	t.sram_size = t.ip.sram_size;
	diag("device hl%u: DRAM %" PRIu64 " MiB at 0x%llx, user SRAM 0x%" PRIx64
	     " + %" PRIu64 " KiB", index, (uint64_t)t.ip.dram_size >> 20,
	     (unsigned long long)t.ip.dram_base_address, t.sram,
	     t.sram_size >> 10);

	host_size = t.max_size + 4 * MiB;
	dram_size = t.max_size + 4 * MiB;
	rc = hl_host_buf_alloc(t.dev, host_size, &t.hs);
	if (!rc)
		rc = hl_host_buf_alloc(t.dev, host_size, &t.hd);
	if (!rc)
		rc = hl_dram_buf_alloc(t.dev, dram_size, &t.d0);
	if (!rc)
		rc = hl_dram_buf_alloc(t.dev, dram_size, &t.d1);
	if (rc) {
		printf("Bail out! buffers: %s\n", hl_last_error(t.dev));
		return 2;
	}
	diag("host src VA 0x%" PRIx64 ", host dst VA 0x%" PRIx64
	     ", DRAM VAs 0x%" PRIx64 " / 0x%" PRIx64 " (%" PRIu64 " MiB each)",
	     t.hs.va, t.hd.va, t.d0.va, t.d1.va, dram_size >> 20);

	test_dram_sizes(&t);
	test_sram(&t);
	test_memset(&t);
	test_queue_rule(&t);
	test_five_queues(&t);
	test_sync_external(&t, false);
	test_sync_external(&t, true);
	test_sync_chain(&t);
	test_internal(&t);

	hl_dram_buf_free(t.dev, &t.d1);
	hl_dram_buf_free(t.dev, &t.d0);
	hl_host_buf_free(t.dev, &t.hd);
	hl_host_buf_free(t.dev, &t.hs);
	hl_close(t.dev);
	printf("1..%u\n", t.n);
	printf("goya-dma-test: %u passed, %u failed\n", t.n_pass, t.n_fail);
	return t.n_fail ? 1 : 0;
}
