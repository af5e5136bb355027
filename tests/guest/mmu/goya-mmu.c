// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * goya-mmu - device MMU and device memory through the unmodified 6.1
 * driver (issue "MMU and device memory"):
 *
 *   userptr   host buffers of many sizes and start alignments, pinned and
 *             mapped, used as DMA source and destination; data and the
 *             guard bytes around the destination compared byte for byte;
 *   cycles    device memory alloc / map / use / unmap / free, many times,
 *             DRAM usage back to where it started;
 *   alldram   all the user DRAM DRAM_USAGE reports allocated and mapped,
 *             every 2 MiB page written and read back with small DMAs, one
 *             more page refused, everything freed again;
 *   fault     DMA to an unmapped VA: the driver reports the page fault,
 *             the CS times out, the device recovers;
 *   stale     after unmap the old VA no longer reaches the memory: host VA
 *             faults, DRAM VA falls back to the default page (invalidation
 *             honoured); a VA that faulted works once mapped (no negative
 *             caching);
 *   bench     256 MiB DRAM -> DRAM through mapped 2 MiB pages, and SRAM ->
 *             SRAM untranslated, MB/s printed (figures only, not asserted).
 *
 * Usage: goya-mmu [-v] all|userptr|cycles|dmabuf|alldram|fault|stale|bench...
 * Prints "ok"/"not ok" lines and "goya-mmu: N passed, M failed".
 * Run with timeout_locked=5 (fault cases use a 1 s custom CS timeout).
 */
#include "../errors/gt_common.h"

#define UNMAPPED_HOST_VA 0x2100000000000ull

struct env {
	struct gt t;
	struct gt_hbuf bounce;		/* 1 MiB mapped host buffer */
	uint64_t scratch_handle, scratch_va;	/* 16 MiB DRAM */
};

#define SCRATCH_SIZE	(16 * SZ_1M)

static int env_init(struct env *e)
{
	struct gt *t = &e->t;
	int rc = gt_open(t);

	if (rc)
		return rc;
	if (gt_hbuf_alloc(&e->bounce, SZ_1M, SZ_4K, 0))
		return -ENOMEM;
	rc = gt_hbuf_map(t, &e->bounce, 0) ?:
	     hl_mem_alloc(t->dev, SCRATCH_SIZE, 0, 0, &e->scratch_handle) ?:
	     hl_mem_map_device(t->dev, e->scratch_handle, 0, &e->scratch_va);
	if (rc)
		fprintf(stderr, "set-up: %s\n", hl_last_error(t->dev));
	return rc;
}

/* ---- userptr: sizes x alignments ---- */

static bool userptr_one(struct env *e, size_t size, size_t sa, size_t da)
{
	struct gt *t = &e->t;
	struct gt_hbuf src, dst;
	size_t bad = 0;
	bool ok = false;
	int rc;

	/* guards of a page plus the misalignment: bytes around the
	 * destination inside its first/last mapped page are checked too */
	if (gt_hbuf_alloc(&src, size, SZ_4K, sa) ||
	    gt_hbuf_alloc(&dst, size, SZ_4K, da)) {
		gt_ok(t, false, "userptr %zu bytes: host allocation", size);
		return false;
	}
	gt_fill(src.p, size, (uint32_t)(size * 31 + sa));
	memset(dst.p, 0x3C, size);
	rc = gt_hbuf_map(t, &src, 0) ?: gt_hbuf_map(t, &dst, 0);
	if (rc)
		goto out;
	rc = gt_dma(t, GOYA_QUEUE_ID_DMA_1, src.va, e->scratch_va, size,
		    HL_DMA_HOST_TO_DRAM, 0) ?:
	     gt_dma(t, GOYA_QUEUE_ID_DMA_2, e->scratch_va, dst.va, size,
		    HL_DMA_DRAM_TO_HOST, 0);
	if (rc)
		goto out;
	if (memcmp(src.p, dst.p, size)) {
		for (bad = 0; bad < size && src.p[bad] == dst.p[bad]; bad++)
			;
		printf("  mismatch at %zu\n", bad);
		goto out;
	}
	if (!gt_hbuf_guard_ok(&dst, &bad) || !gt_hbuf_guard_ok(&src, &bad)) {
		printf("  guard byte changed at region offset 0x%zx\n", bad);
		goto out;
	}
	/* and host -> host directly (queue 1 may read the host) */
	memset(dst.p, 0x5D, size);
	rc = gt_dma(t, GOYA_QUEUE_ID_DMA_1, src.va, dst.va, size,
		    HL_DMA_HOST_TO_DRAM, 0);
	if (rc)
		goto out;
	ok = !memcmp(src.p, dst.p, size) && gt_hbuf_guard_ok(&dst, &bad);
out:
	gt_ok(t, ok, "userptr %zu bytes, src +%zu dst +%zu (VA 0x%" PRIx64
	      " / 0x%" PRIx64 "): host->DRAM->host and host->host exact, "
	      "guards intact%s%s", size, sa, da, src.va, dst.va,
	      rc ? ": " : "", rc ? hl_strerror(rc) : "");
	gt_hbuf_free(t, &src);
	gt_hbuf_free(t, &dst);
	return ok;
}

static void test_userptr(struct env *e)
{
	static const size_t sizes[] = {
		1, 7, 8, 63, 4095, 4096, 4097, 8192 + 5, 65536 + 13,
		SZ_1M - 1, SZ_2M, SZ_2M + 4096, 3 * SZ_1M + 123, 16 * SZ_1M,
	};
	static const size_t aligns[][2] = {
		{ 0, 0 }, { 1, 0 }, { 0, 3 }, { 8, 100 }, { 4095, 2049 },
	};

	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		for (unsigned a = 0; a < sizeof(aligns) / sizeof(aligns[0]); a++) {
			if (sizes[i] >= SZ_2M && a > 1)
				continue;	/* keep the big ones few */
			userptr_one(e, sizes[i], aligns[a][0], aligns[a][1]);
		}
	}
}

/* ---- dma-buf export ---- */

/*
 * 6.1 exports device memory as a dma-buf only for devices whose DRAM is
 * not MMU-managed; Goya's is, so the driver must refuse with -EOPNOTSUPP
 * (and must not crash or leak a file descriptor doing so).
 */
static void test_dmabuf(struct env *e)
{
	int fd = -1;
	int rc = hl_mem_export_dmabuf(e->t.dev, e->scratch_handle, SZ_2M,
				      O_RDWR | O_CLOEXEC, &fd);

	gt_ok(&e->t, rc == -EOPNOTSUPP,
	      "dma-buf export of DRAM refused with -EOPNOTSUPP (rc %d)", rc);
	gt_ok(&e->t, fd == -1, "no file descriptor returned");
}

/* ---- device memory cycles ---- */

static void test_cycles(struct env *e, unsigned iters)
{
	struct gt *t = &e->t;
	struct hl_info_dram_usage u0, u1;
	unsigned good = 0;
	uint32_t x = 12345;

	hl_info_dram_usage(t->dev, &u0);
	for (unsigned i = 0; i < iters; i++) {
		uint64_t size, handle = 0, va = 0, off;
		int rc;

		x = x * 1103515245u + 12345u;
		size = SZ_2M * (1 + (x >> 16) % 8);	/* 2..16 MiB */
		rc = hl_mem_alloc(t->dev, size, 0, i & 1 ? HL_MEM_CONTIGUOUS : 0,
				  &handle) ?:
		     hl_mem_map_device(t->dev, handle, 0, &va);
		if (rc) {
			printf("  iteration %u: %s\n", i, hl_last_error(t->dev));
			break;
		}
		/* write 64 KiB at the start and the end, read both back */
		for (int end = 0; end < 2 && !rc; end++) {
			off = end ? size - SZ_64K : 0;
			gt_fill(e->bounce.p, SZ_64K, i * 2 + end);
			memset(e->bounce.p + SZ_64K, 0, SZ_64K);
			rc = gt_dma(t, GOYA_QUEUE_ID_DMA_1, e->bounce.va,
				    va + off, SZ_64K, HL_DMA_HOST_TO_DRAM, 0) ?:
			     gt_dma(t, GOYA_QUEUE_ID_DMA_3, va + off,
				    e->bounce.va + SZ_64K, SZ_64K,
				    HL_DMA_DRAM_TO_HOST, 0);
			if (!rc && memcmp(e->bounce.p, e->bounce.p + SZ_64K, SZ_64K)) {
				printf("  iteration %u: data mismatch\n", i);
				rc = -EIO;
			}
		}
		if (hl_mem_unmap(t->dev, va) || hl_mem_free(t->dev, handle)) {
			printf("  iteration %u: %s\n", i, hl_last_error(t->dev));
			rc = -EIO;
		}
		if (rc)
			break;
		good++;
	}
	hl_info_dram_usage(t->dev, &u1);
	gt_ok(t, good == iters, "device memory: %u/%u alloc/map/DMA/unmap/free "
	      "cycles", good, iters);
	gt_ok(t, u1.dram_free_mem == u0.dram_free_mem &&
	      u1.ctx_dram_mem == u0.ctx_dram_mem,
	      "DRAM usage back to start (free %" PRIu64 " MiB, ctx %" PRIu64
	      " MiB)", (uint64_t)u1.dram_free_mem >> 20,
	      (uint64_t)u1.ctx_dram_mem >> 20);
}

/* ---- all user DRAM ---- */

#define MAX_CHUNKS 64

/* One CS of many small LIN_DMAs (memset or copy) on @queue. */
static int many_dma(struct gt *t, uint32_t queue, const uint64_t *src,
		    const uint64_t *dst, uint32_t n, uint32_t size, bool memset_)
{
	struct goya_cb_builder b;
	struct hl_cb cb;
	uint32_t status;
	uint64_t seq;
	int rc;

	rc = hl_cb_alloc(t->dev, n * GOYA_PKT_SIZE_LIN_DMA + 64, &cb);
	if (rc)
		return rc;
	goya_cb_init(&b, cb.ptr, cb.size);
	for (uint32_t i = 0; i < n; i++)
		goya_cb_lin_dma(&b, src[i], dst[i], size,
				memset_ ? HL_DMA_DRAM_TO_DRAM : HL_DMA_DRAM_TO_HOST,
				(memset_ ? GOYA_PKT_LIN_DMA_MEMSET : 0) |
				(i == n - 1 ? GOYA_PKT_MB | GOYA_PKT_EB : 0));
	rc = b.err ?: hl_cs_submit_cb(t->dev, queue, cb.handle, b.len, &seq);
	if (!rc) {
		rc = hl_cs_wait(t->dev, seq, 60000000, &status);
		rc = rc == 1 ? 0 : rc ? rc : -ETIMEDOUT;
	}
	if (rc)
		printf("  %u-packet CS: %s\n", n, hl_last_error(t->dev));
	hl_cb_free(t->dev, &cb);
	return rc;
}

static void test_alldram(struct env *e)
{
	struct gt *t = &e->t;
	struct hl_info_dram_usage u0, u1, u2;
	uint64_t handle[MAX_CHUNKS], va[MAX_CHUNKS], size[MAX_CHUNKS];
	uint64_t total = 0, chunk = 256 * SZ_1M, extra;
	uint64_t *pat_src, *pat_dst, *rd_src, *rd_dst;
	struct gt_hbuf rb;
	unsigned n = 0, pages = 0, bad = 0;
	double t0;
	int rc;

	hl_info_dram_usage(t->dev, &u0);
	printf("# HW_IP dram_size %" PRIu64 " MiB, DRAM_USAGE free %" PRIu64
	       " MiB, ctx %" PRIu64 " MiB\n", (uint64_t)t->ip.dram_size >> 20,
	       (uint64_t)u0.dram_free_mem >> 20,
	       (uint64_t)u0.ctx_dram_mem >> 20);
	/* the scratch allocation is ours too: count it as used */
	while (n < MAX_CHUNKS && chunk >= SZ_2M) {
		rc = hl_mem_alloc(t->dev, chunk, 0, 0, &handle[n]);
		if (rc == -ENOMEM) {
			chunk /= 2;
			continue;
		}
		if (rc) {
			printf("  alloc: %s\n", hl_last_error(t->dev));
			break;
		}
		rc = hl_mem_map_device(t->dev, handle[n], 0, &va[n]);
		if (rc) {
			printf("  map: %s\n", hl_last_error(t->dev));
			hl_mem_free(t->dev, handle[n]);
			break;
		}
		size[n++] = chunk;
		total += chunk;
	}
	hl_info_dram_usage(t->dev, &u1);
	gt_ok(t, total == u0.dram_free_mem && u1.dram_free_mem == 0,
	      "all free user DRAM allocated and mapped: %" PRIu64 " MiB in %u "
	      "allocations (DRAM_USAGE free %" PRIu64 " -> %" PRIu64 " MiB)",
	      total >> 20, n, (uint64_t)u0.dram_free_mem >> 20,
	      (uint64_t)u1.dram_free_mem >> 20);
	gt_ok(t, total + SCRATCH_SIZE == t->ip.dram_size,
	      "user DRAM (%" PRIu64 " MiB + %" PRIu64 " MiB scratch) is the "
	      "HW_IP dram_size (%" PRIu64 " MiB)",
	      total >> 20, SCRATCH_SIZE >> 20, (uint64_t)t->ip.dram_size >> 20);
	rc = hl_mem_alloc(t->dev, SZ_2M, 0, 0, &extra);
	gt_ok(t, rc == -ENOMEM, "one more 2 MiB page is refused with -ENOMEM "
	      "(got %d)", rc);
	if (!rc)
		hl_mem_free(t->dev, extra);

	/* every 2 MiB page: memset 8 bytes (page index) at a varying offset,
	 * then read all of them back into one host buffer */
	pages = total / SZ_2M;
	pat_src = calloc(pages, 8);
	pat_dst = calloc(pages, 8);
	rd_src = calloc(pages, 8);
	rd_dst = calloc(pages, 8);
	if (!pat_src || !pat_dst || !rd_src || !rd_dst ||
	    gt_hbuf_alloc(&rb, pages * 8, SZ_4K, 0) || gt_hbuf_map(t, &rb, 0)) {
		gt_ok(t, false, "read-back buffers");
		return;
	}
	for (unsigned c = 0, p = 0; c < n; c++) {
		for (uint64_t off = 0; off < size[c]; off += SZ_2M, p++) {
			uint64_t in = (p * 4104ull) % (SZ_2M - 8) & ~7ull;

			pat_src[p] = 0xD0D0000000000000ull | p;
			pat_dst[p] = va[c] + off + in;
			rd_src[p] = pat_dst[p];
			rd_dst[p] = rb.va + p * 8;
		}
	}
	t0 = gt_now();
	rc = 0;
	for (unsigned p = 0; p < pages && !rc; p += 1024) {
		unsigned k = pages - p < 1024 ? pages - p : 1024;

		rc = many_dma(t, GOYA_QUEUE_ID_DMA_1, pat_src + p, pat_dst + p,
			      k, 8, true) ?:
		     many_dma(t, GOYA_QUEUE_ID_DMA_2, rd_src + p, rd_dst + p, k,
			      8, false);
	}
	for (unsigned p = 0; p < pages && !rc; p++)
		if (((uint64_t *)rb.p)[p] != pat_src[p])
			bad++;
	gt_ok(t, !rc && !bad, "every 2 MiB page of user DRAM written and read "
	      "back: %u pages, %u wrong (%.1f s)", pages, bad, gt_now() - t0);
	gt_hbuf_free(t, &rb);
	free(pat_src);
	free(pat_dst);
	free(rd_src);
	free(rd_dst);

	rc = 0;
	for (unsigned c = 0; c < n; c++)
		rc |= hl_mem_unmap(t->dev, va[c]) | hl_mem_free(t->dev, handle[c]);
	hl_info_dram_usage(t->dev, &u2);
	gt_ok(t, !rc && u2.dram_free_mem == u0.dram_free_mem,
	      "all of it unmapped and freed (free %" PRIu64 " MiB)",
	      (uint64_t)u2.dram_free_mem >> 20);
}

/* ---- page faults ---- */

/*
 * Submit a one-LIN_DMA CS expected to fault on @fault_va: timeout, the
 * driver's page-fault line, a compute reset, Operational again.
 */
static bool expect_fault(struct env *e, const char *what, uint32_t queue,
			 uint64_t src, uint64_t dst, uint32_t size, uint32_t dir,
			 uint64_t fault_va)
{
	struct gt *t = &e->t;
	struct goya_cb_builder b;
	uint32_t h0, s0, h1, s1;
	char line[64];
	uint8_t buf[64];
	bool sub, ok, soft = false;
	int rc;

	gt_reset_counts(t, &h0, &s0);
	goya_cb_init(&b, buf, sizeof(buf));
	goya_cb_lin_dma(&b, src, dst, size, dir, GOYA_PKT_MB | GOYA_PKT_EB);
	gt_log_mark(t);
	rc = gt_cs(t, queue, buf, b.len, 0, NULL, 0, 1, &sub);
	gt_ok(t, sub && (rc == -ETIMEDOUT || rc == -EIO),
	      "%s: CS submitted and timed out (%d)", what, rc);
	snprintf(line, sizeof(line), "MMU page fault on va 0x%" PRIx64, fault_va);
	ok = gt_log_wait(t, line, 5000);
	gt_ok(t, ok, "%s: kernel log has \"%s\"", what, line);
	for (int i = 0; i < 200 && !soft; i++) {
		gt_reset_counts(t, &h1, &s1);
		soft = s1 > s0;
		if (!soft)
			usleep(50000);
	}
	gt_ok(t, soft && h1 == h0, "%s: compute reset, no hard reset", what);
	if (!ok)
		gt_log_dump(t, what);
	ok = gt_wait_operational(t, 30000);
	gt_ok(t, ok, "%s: device Operational again", what);
	return ok;
}

static bool roundtrip(struct env *e, const char *what)
{
	struct gt *t = &e->t;
	int rc;

	gt_fill(e->bounce.p, SZ_64K, 99);
	memset(e->bounce.p + SZ_64K, 0, SZ_64K);
	rc = gt_dma(t, GOYA_QUEUE_ID_DMA_1, e->bounce.va, e->scratch_va, SZ_64K,
		    HL_DMA_HOST_TO_DRAM, 0) ?:
	     gt_dma(t, GOYA_QUEUE_ID_DMA_2, e->scratch_va,
		    e->bounce.va + SZ_64K, SZ_64K, HL_DMA_DRAM_TO_HOST, 0);
	rc = rc ?: memcmp(e->bounce.p, e->bounce.p + SZ_64K, SZ_64K) ? -EIO : 0;
	gt_ok(t, !rc, "%s: a good DMA verifies afterwards", what);
	return !rc;
}

static void test_fault(struct env *e)
{
	expect_fault(e, "DMA to unmapped host VA", GOYA_QUEUE_ID_DMA_2,
		     e->scratch_va, UNMAPPED_HOST_VA + 0x3000, 4096,
		     HL_DMA_DRAM_TO_HOST, UNMAPPED_HOST_VA + 0x3000);
	roundtrip(e, "after the fault");
	/* past the end of a mapped host buffer: faults exactly at its end */
	expect_fault(e, "DMA running off a mapped buffer", GOYA_QUEUE_ID_DMA_2,
		     e->scratch_va, e->bounce.va + SZ_1M - SZ_4K, 2 * SZ_4K,
		     HL_DMA_DRAM_TO_HOST, e->bounce.va + SZ_1M);
	roundtrip(e, "after the overrun");
}

/* ---- stale mappings, no negative caching ---- */

static void test_stale(struct env *e)
{
	struct gt *t = &e->t;
	struct gt_hbuf h;
	uint64_t va, handle, dva;
	int rc;

	/* host: map, use (the translation is now warm), unmap, use again */
	if (gt_hbuf_alloc(&h, SZ_64K, SZ_4K, 0) || gt_hbuf_map(t, &h, 0)) {
		gt_ok(t, false, "stale: host buffer");
		return;
	}
	va = h.va;
	rc = gt_dma(t, GOYA_QUEUE_ID_DMA_2, e->scratch_va, va, SZ_64K,
		    HL_DMA_DRAM_TO_HOST, 0);
	gt_ok(t, !rc, "stale host VA 0x%" PRIx64 ": DMA while mapped works", va);
	rc = hl_mem_unmap(t->dev, va);
	h.va = 0;
	gt_ok(t, !rc, "stale host VA: unmapped");
	memset(h.p, 0x11, SZ_64K);
	expect_fault(e, "stale host VA after unmap", GOYA_QUEUE_ID_DMA_2,
		     e->scratch_va, va, SZ_64K, HL_DMA_DRAM_TO_HOST, va);
	gt_ok(t, h.p[0] == 0x11 && h.p[SZ_64K - 1] == 0x11,
	      "stale host VA: the unmapped buffer was not written");

	/* no negative caching: the VA that just faulted works once mapped */
	rc = hl_mem_map_host(t->dev, h.p, SZ_64K, va, &h.va);
	gt_ok(t, !rc && h.va == va, "same VA mapped again (got 0x%" PRIx64 ")",
	      h.va);
	memset(e->bounce.p, 0xA7, SZ_64K);
	rc = gt_dma(t, GOYA_QUEUE_ID_DMA_1, e->bounce.va, h.va, SZ_64K,
		    HL_DMA_HOST_TO_DRAM, 0);
	gt_ok(t, !rc && h.p[0] == 0xA7 && h.p[SZ_64K - 1] == 0xA7,
	      "after map, the formerly faulting VA is used (no negative "
	      "caching)");
	gt_hbuf_free(t, &h);

	/* DRAM: unmap restores the default page, old data is unreachable */
	rc = hl_mem_alloc(t->dev, SZ_2M, 0, 0, &handle) ?:
	     hl_mem_map_device(t->dev, handle, 0, &dva);
	if (rc) {
		gt_ok(t, false, "stale DRAM: %s", hl_last_error(t->dev));
		return;
	}
	memset(e->bounce.p, 0x6B, SZ_64K);
	memset(e->bounce.p + SZ_64K, 0, SZ_64K);
	rc = gt_dma(t, GOYA_QUEUE_ID_DMA_1, e->bounce.va, dva, SZ_64K,
		    HL_DMA_HOST_TO_DRAM, 0) ?:
	     gt_dma(t, GOYA_QUEUE_ID_DMA_2, dva, e->bounce.va + SZ_64K, SZ_64K,
		    HL_DMA_DRAM_TO_HOST, 0);
	gt_ok(t, !rc && e->bounce.p[SZ_64K] == 0x6B,
	      "stale DRAM VA 0x%" PRIx64 ": data visible while mapped", dva);
	rc = hl_mem_unmap(t->dev, dva);
	memset(e->bounce.p + SZ_64K, 0, SZ_64K);
	rc = rc ?: gt_dma(t, GOYA_QUEUE_ID_DMA_2, dva, e->bounce.va + SZ_64K,
			  SZ_64K, HL_DMA_DRAM_TO_HOST, 0);
	gt_ok(t, !rc && memchr(e->bounce.p + SZ_64K, 0x6B, SZ_64K) == NULL,
	      "stale DRAM VA after unmap reads the default page, not the old "
	      "data (first byte 0x%02x)", e->bounce.p[SZ_64K]);
	hl_mem_free(t->dev, handle);
	roundtrip(e, "after the stale-mapping checks");
}

/* ---- figures ---- */

static double timed_dma(struct gt *t, uint32_t q, uint64_t src, uint64_t dst,
			uint32_t size, uint32_t dir)
{
	double t0 = gt_now();

	if (gt_dma(t, q, src, dst, size, dir, 0))
		return -1;
	return size / (gt_now() - t0) / 1e6;
}

static double best_of(struct gt *t, int n, uint32_t q, uint64_t src,
		      uint64_t dst, uint32_t size, uint32_t dir)
{
	double best = -1;

	for (int i = 0; i < n; i++) {
		double r = timed_dma(t, q, src, dst, size, dir);

		if (r < 0)
			return r;
		best = r > best ? r : best;
	}
	return best;
}

static void test_bench(struct env *e)
{
	struct gt *t = &e->t;
	uint64_t h1, h2, a, b;
	uint64_t sram = t->ip.sram_base_address;
	uint32_t half = (t->ip.sram_size / 2) & ~(SZ_1M - 1);
	double big, mapped, phys;
	int rc;

	rc = hl_mem_alloc(t->dev, 256 * SZ_1M, 0, 0, &h1) ?:
	     hl_mem_alloc(t->dev, 256 * SZ_1M, 0, 0, &h2) ?:
	     hl_mem_map_device(t->dev, h1, 0, &a) ?:
	     hl_mem_map_device(t->dev, h2, 0, &b);
	if (rc) {
		gt_ok(t, false, "bench: %s", hl_last_error(t->dev));
		return;
	}
	/* back source and destination (device DRAM is sparse) */
	gt_dma(t, GOYA_QUEUE_ID_DMA_1, 0x0101010101010101ull, a, 256 * SZ_1M,
	       HL_DMA_DRAM_TO_DRAM, GOYA_PKT_LIN_DMA_MEMSET);
	gt_dma(t, GOYA_QUEUE_ID_DMA_1, 0x0202020202020202ull, b, 256 * SZ_1M,
	       HL_DMA_DRAM_TO_DRAM, GOYA_PKT_LIN_DMA_MEMSET);
	big = best_of(t, 2, GOYA_QUEUE_ID_DMA_3, a, b, 256 * SZ_1M,
		      HL_DMA_DRAM_TO_DRAM);
	/* same size both ways: translated DRAM vs untranslated SRAM */
	mapped = best_of(t, 3, GOYA_QUEUE_ID_DMA_3, a, b, half,
			 HL_DMA_DRAM_TO_DRAM);
	phys = best_of(t, 3, GOYA_QUEUE_ID_DMA_3, sram, sram + half, half,
		       HL_DMA_SRAM_TO_SRAM);
	printf("# figure: 256 MiB DRAM->DRAM through mapped 2 MiB pages: "
	       "%.0f MB/s; %u MiB: mapped DRAM %.0f MB/s, untranslated SRAM "
	       "%.0f MB/s (ratio %.2f)\n", big, half >> 20, mapped, phys,
	       phys > 0 ? mapped / phys : 0);
	gt_ok(t, big > 0 && mapped > 0 && phys > 0, "bench DMAs completed");
	hl_mem_unmap(t->dev, a);
	hl_mem_unmap(t->dev, b);
	hl_mem_free(t->dev, h1);
	hl_mem_free(t->dev, h2);
}

int main(int argc, char **argv)
{
	static struct env e;
	int argi = 1;

	if (argi < argc && !strcmp(argv[argi], "-v")) {
		gt_verbose = 1;
		argi++;
	}
	if (argi >= argc) {
		fprintf(stderr, "usage: %s [-v] all|userptr|cycles|alldram|"
			"fault|stale|dmabuf|bench...\n", argv[0]);
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (env_init(&e)) {
		printf("not ok - set-up failed\n");
		return 1;
	}
	for (int a = argi; a < argc; a++) {
		const char *w = argv[a];
		bool all = !strcmp(w, "all");

		if (all || !strcmp(w, "userptr"))
			test_userptr(&e);
		if (all || !strcmp(w, "cycles"))
			test_cycles(&e, 64);
		if (all || !strcmp(w, "dmabuf"))
			test_dmabuf(&e);
		if (all || !strcmp(w, "alldram"))
			test_alldram(&e);
		if (all || !strcmp(w, "fault"))
			test_fault(&e);
		if (all || !strcmp(w, "stale"))
			test_stale(&e);
		if (all || !strcmp(w, "bench"))
			test_bench(&e);
	}
	printf("goya-mmu: %d passed, %d failed\n", e.t.pass, e.t.fail);
	return e.t.fail || !e.t.pass ? 1 : 0;
}
