// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * goya-scale: device-scale flows through the real habanalabs driver, as a
 * silicon-written conformance suite runs them (issue 9, items 3-6).
 *
 *   dram      one process allocates ALL user DRAM as one HL_MEM_CONTIGUOUS
 *             allocation, maps it, maps 448 malloc'ed (not page aligned)
 *             2 MiB host buffers, copies host -> DRAM with one CB of 224
 *             LIN_DMAs (one per 16 MiB zone) and DRAM -> host with another
 *             CB of 224; every byte compared; all freed, DRAM_USAGE back;
 *   kill      a child holding all DRAM, 448 userptr mappings and a mapped
 *             CB dies by SIGKILL (and, second round, by SIGSEGV): the
 *             device's DRAM_USAGE comes back to its start value and the
 *             next allocation of all DRAM succeeds;
 *   cpucp     16384 consecutive CPU-CP queries (4 wraps of the 4096-entry
 *             CPU queue), then hwmon/INFO readers in 4 processes at once;
 *             every answer checked;
 *   huge      MAP_HUGETLB 2 MiB host buffers as DMA source and destination
 *             through userptr mappings, byte exact;
 *   debug     HL_IOCTL_DEBUG: every coresight unit the uapi configures is
 *             enabled and disabled, and an STM -> ETF/ETR trace session
 *             writes trace data into a host buffer.
 *
 * Usage: goya-scale [-v] dram|kill|cpucp|huge|debug...
 * Prints TAP-like "ok"/"not ok" lines and "goya-scale: N passed, M failed".
 */
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include "../errors/gt_common.h"

#define SZ_16M		(16 * SZ_1M)
#define ZONE_SIZE	SZ_16M
#define MAX_ZONES	1024

static struct {
	int pass, fail;
} total;

static void report(struct gt *t)
{
	total.pass += t->pass;
	total.fail += t->fail;
}

/* ---- host buffers as a C program gets them from malloc ---- */

struct mbuf {
	uint8_t *p;
	uint64_t va;
};

static void fill_zone_pattern(uint8_t *p, size_t len, uint32_t seed)
{
	uint32_t *w = (uint32_t *)p;

	/* word-wise: fast enough for 448 MiB under TCG, unique per word */
	for (size_t i = 0; i < len / 4; i++)
		w[i] = (seed << 20) ^ (uint32_t)i ^ 0x5A5A0000u;
}

/*
 * Everything the dram and kill cases hold: all user DRAM in one
 * contiguous allocation (mapped), 2 * zones host buffers of 2 MiB from
 * malloc (mapped), two CBs.
 */
struct big {
	struct hl_info_dram_usage u0;
	uint64_t dram_size, handle, dram_va;
	unsigned zones;
	struct mbuf *src, *dst;
	struct hl_cb cb_in, cb_out;
	uint32_t len_in, len_out;
	unsigned unaligned;
};

static int big_setup(struct gt *t, struct big *b, bool fill)
{
	struct goya_cb_builder bi, bo;
	int rc;

	memset(b, 0, sizeof(*b));
	rc = hl_info_dram_usage(t->dev, &b->u0);
	if (rc)
		return rc;
	b->dram_size = b->u0.dram_free_mem;
	b->zones = b->dram_size / ZONE_SIZE;
	if (!b->zones || b->zones > MAX_ZONES) {
		printf("  %" PRIu64 " bytes of free DRAM: %u zones\n",
		       b->dram_size, b->zones);
		return -ERANGE;
	}
	rc = hl_mem_alloc(t->dev, b->dram_size, 0, HL_MEM_CONTIGUOUS,
			  &b->handle);
	if (rc) {
		printf("  %s\n", hl_last_error(t->dev));
		return rc;
	}
	rc = hl_mem_map_device(t->dev, b->handle, 0, &b->dram_va);
	if (rc) {
		printf("  %s\n", hl_last_error(t->dev));
		return rc;
	}
	b->src = calloc(b->zones, sizeof(*b->src));
	b->dst = calloc(b->zones, sizeof(*b->dst));
	if (!b->src || !b->dst)
		return -ENOMEM;
	for (unsigned i = 0; i < b->zones; i++) {
		struct mbuf *m[2] = { &b->src[i], &b->dst[i] };

		for (int k = 0; k < 2; k++) {
			m[k]->p = malloc(SZ_2M);
			if (!m[k]->p)
				return -ENOMEM;
			if ((uintptr_t)m[k]->p & (SZ_4K - 1))
				b->unaligned++;
			if (k == 0 && fill)
				fill_zone_pattern(m[k]->p, SZ_2M, i + 1);
			else
				memset(m[k]->p, 0xC3, SZ_2M);
			rc = hl_mem_map_host(t->dev, m[k]->p, SZ_2M, 0,
					     &m[k]->va);
			if (rc) {
				printf("  buffer %u/%d: %s\n", i, k,
				       hl_last_error(t->dev));
				return rc;
			}
		}
	}
	b->len_in = b->zones * GOYA_PKT_SIZE_LIN_DMA;
	b->len_out = b->len_in;
	rc = hl_cb_alloc(t->dev, b->len_in, &b->cb_in) ?:
	     hl_cb_alloc(t->dev, b->len_out, &b->cb_out);
	if (rc) {
		printf("  %s\n", hl_last_error(t->dev));
		return rc;
	}
	goya_cb_init(&bi, b->cb_in.ptr, b->len_in);
	goya_cb_init(&bo, b->cb_out.ptr, b->len_out);
	/* zone i gets its 2 MiB at a different offset inside the zone */
	for (unsigned i = 0; i < b->zones; i++) {
		uint64_t z = b->dram_va + (uint64_t)i * ZONE_SIZE +
			     (uint64_t)(i % 8) * SZ_2M;

		goya_cb_lin_dma(&bi, b->src[i].va, z, SZ_2M,
				HL_DMA_HOST_TO_DRAM, GOYA_PKT_MB);
		goya_cb_lin_dma(&bo, z, b->dst[i].va, SZ_2M,
				HL_DMA_DRAM_TO_HOST, GOYA_PKT_MB);
	}
	if (bi.err || bo.err)
		return bi.err ?: bo.err;
	return 0;
}

/* Free in the order a careful program would; the kill case never gets
 * here (the kernel must do it). */
static void big_teardown(struct gt *t, struct big *b)
{
	hl_cb_free(t->dev, &b->cb_in);
	hl_cb_free(t->dev, &b->cb_out);
	for (unsigned i = 0; b->src && i < b->zones; i++) {
		struct mbuf *m[2] = { &b->src[i], &b->dst[i] };

		for (int k = 0; k < 2; k++) {
			if (m[k]->va)
				hl_mem_unmap(t->dev, m[k]->va);
			free(m[k]->p);
		}
	}
	free(b->src);
	free(b->dst);
	if (b->dram_va)
		hl_mem_unmap(t->dev, b->dram_va);
	if (b->handle)
		hl_mem_free(t->dev, b->handle);
}

static int run_cb(struct gt *t, uint32_t queue, struct hl_cb *cb, uint32_t len)
{
	struct hl_cs_chunk ch;
	uint32_t status = 0;
	uint64_t seq;
	int rc;

	hl_chunk_init(&ch, queue, cb->handle, len);
	rc = hl_cs_submit(t->dev, NULL, 0, &ch, 1, 0, 0, &seq);
	if (rc) {
		printf("  %s\n", hl_last_error(t->dev));
		return rc;
	}
	rc = hl_cs_wait(t->dev, seq, 120000000, &status);
	if (rc != 1) {
		printf("  CS %" PRIu64 " wait: %d (%s) %s\n", seq, rc,
		       hl_cs_status_name(status), hl_last_error(t->dev));
		return rc < 0 ? rc : -EIO;
	}
	return 0;
}

static void test_dram(void)
{
	struct hl_info_dram_usage u1, u2;
	struct gt t;
	struct big b;
	unsigned bad = 0;
	double t0, t1, t2;
	int rc;

	if (gt_open(&t))
		exit(2);
	printf("# HW_IP dram_size %" PRIu64 " MiB, dram_page_size %" PRIu64
	       " KiB, dram_base 0x%" PRIx64 ", default alloc page %" PRIu64
	       " KiB\n", (uint64_t)t.ip.dram_size >> 20,
	       (uint64_t)t.ip.dram_page_size >> 10,
	       (uint64_t)t.ip.dram_base_address,
	       (uint64_t)t.ip.device_mem_alloc_default_page_size >> 10);
	/* What the 6.1 driver reports for a 4 GiB Goya: 4 GiB minus the
	 * 512 MiB the driver keeps, in 2 MiB pages, VA base 0x800000000. */
	gt_ok(&t, t.ip.dram_size == 0xE0000000ull &&
	      t.ip.dram_page_size == 0x200000 &&
	      t.ip.dram_base_address == 0x800000000ull,
	      "HW_IP: dram_size 3584 MiB, page 2 MiB, base 0x800000000");

	t0 = gt_now();
	rc = big_setup(&t, &b, true);
	t1 = gt_now();
	gt_ok(&t, !rc && b.zones == 224,
	      "all %" PRIu64 " MiB of user DRAM in one contiguous allocation, "
	      "%u zones, %u malloc'ed 2 MiB buffers mapped (%u not page "
	      "aligned) in %.1f s", b.dram_size >> 20, b.zones, 2 * b.zones,
	      b.unaligned, t1 - t0);
	gt_ok(&t, b.unaligned == 2 * b.zones,
	      "malloc gave no page-aligned 2 MiB buffer (as on silicon hosts)");
	hl_info_dram_usage(t.dev, &u1);
	gt_ok(&t, u1.dram_free_mem == 0 && u1.ctx_dram_mem == b.dram_size,
	      "DRAM_USAGE: free 0, ctx %" PRIu64 " MiB", u1.ctx_dram_mem >> 20);
	if (rc)
		goto out;

	t0 = gt_now();
	rc = run_cb(&t, GOYA_QUEUE_ID_DMA_1, &b.cb_in, b.len_in);
	t1 = gt_now();
	gt_ok(&t, !rc, "CB of %u LIN_DMAs host -> DRAM (%u bytes) completed "
	      "in %.1f s", b.zones, b.len_in, t1 - t0);
	if (!rc)
		rc = run_cb(&t, GOYA_QUEUE_ID_DMA_2, &b.cb_out, b.len_out);
	t2 = gt_now();
	gt_ok(&t, !rc, "CB of %u LIN_DMAs DRAM -> host completed in %.1f s",
	      b.zones, t2 - t1);
	for (unsigned i = 0; !rc && i < b.zones; i++)
		if (memcmp(b.src[i].p, b.dst[i].p, SZ_2M))
			bad++;
	gt_ok(&t, !rc && !bad, "%u x 2 MiB byte exact through all %u zones "
	      "(%u differ); # figure %.0f MiB/s each way", b.zones, b.zones,
	      bad, (double)b.zones * 2 / ((t2 - t0) / 2));
out:
	big_teardown(&t, &b);
	hl_info_dram_usage(t.dev, &u2);
	gt_ok(&t, u2.dram_free_mem == b.u0.dram_free_mem,
	      "everything freed: DRAM_USAGE free %" PRIu64 " MiB (start %"
	      PRIu64 ")", u2.dram_free_mem >> 20, b.u0.dram_free_mem >> 20);
	hl_close(t.dev);
	report(&t);
}

/* ---- kill: a dying process gives all DRAM back ---- */

static void kill_child(int wfd)
{
	struct gt t;
	struct big b;
	char c = 'E';

	if (gt_open(&t))
		_exit(2);
	if (!big_setup(&t, &b, false))
		c = 'R';	/* ready: everything held */
	if (write(wfd, &c, 1) != 1)
		_exit(3);
	for (;;)
		pause();
}

static bool dram_free_now(struct hl_dev *ctl, uint64_t want, int ms,
			  uint64_t *got)
{
	double end = gt_now() + ms / 1000.0;
	struct hl_info_dram_usage u;

	do {
		if (!hl_info_dram_usage(ctl, &u)) {
			*got = u.dram_free_mem;
			if (u.dram_free_mem == want)
				return true;
		}
		usleep(20000);
	} while (gt_now() < end);
	return false;
}

static void kill_round(struct gt *t, struct hl_dev *ctl, int sig,
		       uint64_t start)
{
	struct rlimit nocore = { 0, 0 };
	struct hl_info_dram_usage u;
	struct hl_dev *dev;
	int p[2], st = 0, rc;
	uint64_t got = 0, h;
	char c = 0;
	pid_t pid;

	if (pipe(p))
		return;
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		setrlimit(RLIMIT_CORE, &nocore);
		kill_child(p[1]);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1)
		c = 0;
	close(p[0]);
	hl_info_dram_usage(ctl, &u);
	gt_ok(t, c == 'R' && u.dram_free_mem == 0,
	      "child %d holds all DRAM, 448 userptr mappings, 2 mapped CBs "
	      "(DRAM_USAGE free %" PRIu64 ")", pid, u.dram_free_mem);
	kill(pid, sig);
	waitpid(pid, &st, 0);
	gt_ok(t, WIFSIGNALED(st) && WTERMSIG(st) == sig,
	      "child died by signal %d (%s)", sig, strsignal(sig));
	gt_ok(t, dram_free_now(ctl, start, 10000, &got),
	      "DRAM_USAGE back to %" PRIu64 " MiB free after the %s (got %"
	      PRIu64 ")", start >> 20, strsignal(sig), got >> 20);
	/* the compute context is free again and all DRAM allocatable */
	rc = hl_open(0, &dev);
	for (int i = 0; rc == -EBUSY && i < 100; i++) {
		usleep(50000);
		rc = hl_open(0, &dev);
	}
	if (!rc) {
		rc = hl_mem_alloc(dev, start, 0, HL_MEM_CONTIGUOUS, &h);
		if (!rc)
			rc = hl_mem_free(dev, h);
		hl_close(dev);
	}
	gt_ok(t, !rc, "next process allocates all %" PRIu64 " MiB again (%d)",
	      start >> 20, rc);
}

static void test_kill(void)
{
	struct hl_info_dram_usage u0;
	struct hl_dev *ctl;
	struct gt t;

	memset(&t, 0, sizeof(t));
	if (hl_open_control(0, &ctl) || hl_info_dram_usage(ctl, &u0)) {
		gt_ok(&t, false, "control node and DRAM_USAGE");
		report(&t);
		return;
	}
	kill_round(&t, ctl, SIGKILL, u0.dram_free_mem);
	kill_round(&t, ctl, SIGSEGV, u0.dram_free_mem);
	hl_close(ctl);
	report(&t);
}

int main(int argc, char **argv)
{
	int i = 1;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (i < argc && !strcmp(argv[i], "-v")) {
		gt_verbose = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [-v] dram|kill...\n", argv[0]);
		return 2;
	}
	for (; i < argc; i++) {
		printf("# --- %s\n", argv[i]);
		if (!strcmp(argv[i], "dram"))
			test_dram();
		else if (!strcmp(argv[i], "kill"))
			test_kill();
		else {
			fprintf(stderr, "unknown case %s\n", argv[i]);
			return 2;
		}
	}
	printf("goya-scale: %d passed, %d failed\n", total.pass, total.fail);
	return total.fail ? 1 : 0;
}
