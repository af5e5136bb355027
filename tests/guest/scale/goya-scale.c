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
			/* destinations stay as malloc left them (zero
			 * pages): the pattern has no zero word, so a
			 * missing copy cannot compare equal */
			if (k == 0 && fill)
				fill_zone_pattern(m[k]->p, SZ_2M, i + 1);
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
	bool ok;
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
	ok = dram_free_now(ctl, start, 10000, &got);
	gt_ok(t, ok, "DRAM_USAGE back to %" PRIu64 " MiB free after the %s "
	      "(got %" PRIu64 ")", start >> 20, strsignal(sig), got >> 20);
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

/* ---- cpucp: 16384 queries to the device CPU, then concurrent readers ---- */

#define CPUCP_QUERIES	16384	/* 4 x the 4096-entry CPU queue */

static int read_long(const char *path, long *v)
{
	char buf[64];
	FILE *f = fopen(path, "r");
	int ok;

	if (!f)
		return -errno;
	ok = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	if (!ok)
		return -EIO;
	*v = strtol(buf, NULL, 0);
	return 0;
}

/* One reader process: @n rounds of a hwmon temperature read plus an
 * INFO POWER query on its own control handle; exit status = failures. */
static int cpucp_reader(const char *temp, int n)
{
	struct hl_power_info pw;
	struct hl_dev *ctl;
	int bad = 0;
	long v;

	if (hl_open_control(0, &ctl))
		return 100;
	for (int i = 0; i < n; i++) {
		if (read_long(temp, &v) || v < -40000 || v > 150000)
			bad++;
		if (hl_info_power(ctl, &pw) || pw.power == 0)
			bad++;
	}
	hl_close(ctl);
	return bad > 99 ? 99 : bad;
}

static void test_cpucp(void)
{
	struct hl_pll_frequency_info f0, f;
	struct hl_power_info pw;
	char hw[PATH_MAX], temp[PATH_MAX + 32];
	unsigned bad = 0, nerr = 0;
	struct hl_dev *ctl;
	pid_t pid[4];
	double t0, t1;
	struct gt t;
	int st, rbad = 0;

	memset(&t, 0, sizeof(t));
	if (hl_open_control(0, &ctl)) {
		gt_ok(&t, false, "control node");
		report(&t);
		return;
	}
	/* PLL_FREQUENCY and POWER are answered by the device CPU (CPU-CP
	 * PLL_INFO_GET / POWER_GET): one queue entry each */
	hl_info_pll_frequency(ctl, 0, &f0);
	t0 = gt_now();
	for (int i = 0; i < CPUCP_QUERIES; i++) {
		int rc;

		if (i & 1) {
			rc = hl_info_power(ctl, &pw);
			if (!rc && pw.power == 0)
				bad++;
		} else {
			rc = hl_info_pll_frequency(ctl, 0, &f);
			if (!rc && memcmp(&f, &f0, sizeof(f)))
				bad++;
		}
		if (rc && nerr++ < 3)
			printf("  query %d: %s\n", i, hl_last_error(ctl));
	}
	t1 = gt_now();
	gt_ok(&t, !nerr && !bad, "%d consecutive CPU-CP queries (4 wraps of "
	      "the 4096-entry CPU queue) all answered: %u errors, %u wrong; "
	      "# figure %.0f queries/s", CPUCP_QUERIES, nerr, bad,
	      CPUCP_QUERIES / (t1 - t0));

	if (hl_hwmon_dir(0, hw, sizeof(hw))) {
		gt_ok(&t, false, "hwmon directory of hl0");
		goto out;
	}
	snprintf(temp, sizeof(temp), "%s/temp1_input", hw);
	t0 = gt_now();
	for (int i = 0; i < 4; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			_exit(cpucp_reader(temp, 250));
	}
	/* and the parent keeps querying meanwhile */
	for (int i = 0; i < 1000; i++)
		if (hl_info_pll_frequency(ctl, 0, &f) || memcmp(&f, &f0, sizeof(f)))
			rbad++;
	for (int i = 0; i < 4; i++) {
		waitpid(pid[i], &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			rbad += WIFEXITED(st) ? WEXITSTATUS(st) : 1000;
	}
	t1 = gt_now();
	gt_ok(&t, !rbad, "4 processes x 250 hwmon %s + INFO POWER reads, "
	      "concurrent with 1000 PLL queries: %d failures in %.1f s", temp,
	      rbad, t1 - t0);
out:
	hl_close(ctl);
	report(&t);
}

/* ---- huge: MAP_HUGETLB host buffers as DMA source and destination ---- */

#define HUGE_BUFS	4

static void test_huge(void)
{
	uint8_t *src[HUGE_BUFS], *dst[HUGE_BUFS];
	uint64_t sva[HUGE_BUFS], dva[HUGE_BUFS];
	struct hl_dram_buf d = { 0 };
	unsigned bad = 0, n = 0;
	size_t len = HUGE_BUFS * SZ_2M;
	long before, during;
	struct gt t;
	int rc = 0;

	if (gt_open(&t))
		exit(2);
	read_long("/proc/sys/vm/nr_hugepages", &before);
	src[0] = mmap(NULL, 2 * len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	gt_ok(&t, src[0] != MAP_FAILED, "%zu MiB of MAP_HUGETLB 2 MiB pages "
	      "(nr_hugepages %ld)", 2 * len >> 20, before);
	if (src[0] == MAP_FAILED)
		goto out;
	for (int i = 0; i < HUGE_BUFS; i++) {
		src[i] = src[0] + i * SZ_2M;
		dst[i] = src[0] + len + i * SZ_2M;
		fill_zone_pattern(src[i], SZ_2M, 77 + i);
		memset(dst[i], 0x6B, SZ_2M);
	}
	rc = hl_dram_buf_alloc(t.dev, len, &d);
	for (int i = 0; !rc && i < HUGE_BUFS; i++) {
		rc = hl_mem_map_host(t.dev, src[i], SZ_2M, 0, &sva[i]) ?:
		     hl_mem_map_host(t.dev, dst[i], SZ_2M, 0, &dva[i]);
		if (!rc)
			n++;
	}
	gt_ok(&t, !rc, "%u+%u huge-page buffers mapped by userptr (VA 0x%"
	      PRIx64 ", 0x%" PRIx64 ")", n, n, n ? sva[0] : 0,
	      n ? dva[0] : 0);
	if (rc) {
		printf("  %s\n", hl_last_error(t.dev));
		goto out;
	}
	/* host -> DRAM -> host, and host -> host on queue 1 */
	for (int i = 0; !rc && i < HUGE_BUFS; i++)
		rc = gt_dma(&t, GOYA_QUEUE_ID_DMA_1, sva[i],
			    d.va + (uint64_t)i * SZ_2M, SZ_2M,
			    HL_DMA_HOST_TO_DRAM, 0) ?:
		     gt_dma(&t, GOYA_QUEUE_ID_DMA_2,
			    d.va + (uint64_t)i * SZ_2M, dva[i], SZ_2M,
			    HL_DMA_DRAM_TO_HOST, 0);
	for (int i = 0; !rc && i < HUGE_BUFS; i++)
		bad += memcmp(src[i], dst[i], SZ_2M) != 0;
	gt_ok(&t, !rc && !bad, "huge pages host -> DRAM -> host byte exact "
	      "(%u of %d differ)", bad, HUGE_BUFS);
	memset(dst[0], 0x11, SZ_2M);
	if (!rc)
		rc = gt_dma(&t, GOYA_QUEUE_ID_DMA_1, sva[1], dva[0], SZ_2M,
			    HL_DMA_HOST_TO_DRAM, 0);
	gt_ok(&t, !rc && !memcmp(src[1], dst[0], SZ_2M),
	      "huge page -> huge page on queue 1 byte exact");
	read_long("/proc/sys/vm/nr_hugepages", &during);
	for (unsigned i = 0; i < n; i++) {
		hl_mem_unmap(t.dev, sva[i]);
		hl_mem_unmap(t.dev, dva[i]);
	}
out:
	hl_dram_buf_free(t.dev, &d);
	if (src[0] != MAP_FAILED)
		munmap(src[0], 2 * len);
	hl_close(t.dev);
	report(&t);
}

/* ---- debug: coresight through HL_IOCTL_DEBUG ---- */

/* unit counts of the 6.1 driver's enum goya_debug_*_regs_index */
#define N_STM		22
#define N_ETF		24
#define N_FUNNEL	25
#define N_BMON		72
#define N_SPMU		20
#define ETR_BUF		SZ_2M

static void test_debug(void)
{
	struct hl_debug_params_stm stm = { .he_mask = 0xA5A5F00Dull,
					   .sp_mask = ~0ull, .id = 0x21,
					   .frequency = 100000000 };
	struct hl_debug_params_etf etf = { .sink_mode = 0 };
	struct hl_debug_params_bmon bmon = { .bw_win = 1, .win_capture = 2,
					      .id = 3 };
	struct hl_debug_params_spmu spmu = { .event_types = { 1, 2, 3 },
					     .event_types_num = 3 };
	struct hl_debug_params_etr etr;
	struct hl_dram_buf d = { 0 };
	struct gt_hbuf hb;
	uint64_t out[8], rwp = 0;
	unsigned fails = 0, frames = 0;
	struct gt t;
	int rc;

	if (gt_open(&t))
		exit(2);
	gt_log_mark(&t);
	rc = hl_debug_set_mode(t.dev, true);
	gt_ok(&t, !rc, "debug mode on (%s)", rc ? hl_last_error(t.dev) : "");
	/* every unit the uapi configures, enabled then disabled */
	for (unsigned i = 0; i < N_ETF; i++)
		fails += !!hl_debug(t.dev, HL_DEBUG_OP_ETF, i, true, &etf,
				    sizeof(etf), NULL, 0) +
			 !!hl_debug(t.dev, HL_DEBUG_OP_ETF, i, false, NULL, 0,
				    NULL, 0);
	for (unsigned i = 0; i < N_STM; i++)
		fails += !!hl_debug(t.dev, HL_DEBUG_OP_STM, i, true, &stm,
				    sizeof(stm), NULL, 0) +
			 !!hl_debug(t.dev, HL_DEBUG_OP_STM, i, false, NULL, 0,
				    NULL, 0);
	for (unsigned i = 0; i < N_FUNNEL; i++)
		fails += !!hl_debug(t.dev, HL_DEBUG_OP_FUNNEL, i, true, NULL,
				    0, NULL, 0) +
			 !!hl_debug(t.dev, HL_DEBUG_OP_FUNNEL, i, false, NULL,
				    0, NULL, 0);
	for (unsigned i = 0; i < N_BMON; i++)
		fails += !!hl_debug(t.dev, HL_DEBUG_OP_BMON, i, true, &bmon,
				    sizeof(bmon), NULL, 0) +
			 !!hl_debug(t.dev, HL_DEBUG_OP_BMON, i, false, NULL, 0,
				    NULL, 0);
	for (unsigned i = 0; i < N_SPMU; i++)
		fails += !!hl_debug(t.dev, HL_DEBUG_OP_SPMU, i, true, &spmu,
				    sizeof(spmu), NULL, 0) +
			 !!hl_debug(t.dev, HL_DEBUG_OP_SPMU, i, false, NULL, 0,
				    out, 5 * sizeof(uint64_t));
	if (fails)
		printf("  last: %s\n", hl_last_error(t.dev));
	gt_ok(&t, !fails, "enable + disable of %d ETF, %d STM, %d FUNNEL, %d "
	      "BMON, %d SPMU units: %u failures", N_ETF, N_STM, N_FUNNEL,
	      N_BMON, N_SPMU, fails);

	/* trace session: STM (PSOC, index 13) -> ETF -> ETR into DRAM */
	rc = hl_dram_buf_alloc(t.dev, ETR_BUF, &d) ?:
	     gt_hbuf_alloc(&hb, ETR_BUF, 0, 0) ?: gt_hbuf_map(&t, &hb, 0);
	memset(&etr, 0, sizeof(etr));
	etr.buffer_address = d.va;
	etr.buffer_size = ETR_BUF;
	etr.sink_mode = 0;
	if (!rc)
		rc = gt_dma(&t, GOYA_QUEUE_ID_DMA_0, 0, d.va, ETR_BUF,
			    HL_DMA_DRAM_TO_DRAM, GOYA_PKT_LIN_DMA_MEMSET) ?:
		     hl_debug(t.dev, HL_DEBUG_OP_ETR, 0, true, &etr,
			      sizeof(etr), NULL, 0) ?:
		     hl_debug(t.dev, HL_DEBUG_OP_ETF, 15, true, &etf,
			      sizeof(etf), NULL, 0) ?:
		     hl_debug(t.dev, HL_DEBUG_OP_STM, 13, true, &stm,
			      sizeof(stm), NULL, 0) ?:
		     hl_debug(t.dev, HL_DEBUG_OP_STM, 13, false, NULL, 0,
			      NULL, 0) ?:
		     hl_debug(t.dev, HL_DEBUG_OP_ETF, 15, false, NULL, 0,
			      NULL, 0) ?:
		     hl_debug(t.dev, HL_DEBUG_OP_ETR, 0, false, NULL, 0, &rwp,
			      sizeof(rwp));
	if (rc)
		printf("  %s\n", hl_last_error(t.dev));
	gt_ok(&t, !rc && rwp > d.va && rwp < d.va + ETR_BUF,
	      "trace session STM -> ETF -> ETR: write pointer 0x%" PRIx64
	      " inside the buffer at 0x%" PRIx64 " (%" PRIu64 " bytes)",
	      rwp, d.va, rwp > d.va ? rwp - d.va : 0);
	if (!rc)
		rc = gt_dma(&t, GOYA_QUEUE_ID_DMA_2, d.va, hb.va, ETR_BUF,
			    HL_DMA_DRAM_TO_HOST, 0);
	if (!rc && rwp > d.va) {
		size_t used = rwp - d.va;

		/* formatter frames: 16 bytes, the first one announcing
		 * trace id 0x21 as (id << 1) | 1 */
		for (size_t o = 0; o + 16 <= used; o += 16)
			frames++;
		gt_ok(&t, used % 16 == 0 && hb.p[0] == ((0x21 << 1) | 1) &&
		      hb.p[used] == 0 && hb.p[ETR_BUF - 1] == 0,
		      "%u formatter frames of trace id 0x21 in the buffer, "
		      "nothing after the write pointer (first bytes %02x %02x"
		      " %02x %02x)", frames, hb.p[0], hb.p[1], hb.p[2],
		      hb.p[3]);
	} else {
		gt_ok(&t, false, "trace buffer read back");
	}
	rc = hl_debug_set_mode(t.dev, false);
	gt_ok(&t, !rc, "debug mode off");
	/* closing the fd in debug mode: the driver halts every ETF + ETR */
	hl_debug_set_mode(t.dev, true);
	hl_debug(t.dev, HL_DEBUG_OP_ETF, 0, true, &etf, sizeof(etf), NULL, 0);
	gt_hbuf_free(&t, &hb);
	hl_dram_buf_free(t.dev, &d);
	hl_close(t.dev);
	usleep(200000);
	gt_ok(&t, !gt_log_has(&t, "coresight") && !gt_log_has(&t, "Failed to"),
	      "kernel log free of coresight timeouts and failures (incl. "
	      "closing the fd in debug mode)");
	if (t.fail)
		gt_log_dump(&t, "debug");
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
		fprintf(stderr, "usage: %s [-v] dram|kill|cpucp|huge|debug...\n", argv[0]);
		return 2;
	}
	for (; i < argc; i++) {
		printf("# --- %s\n", argv[i]);
		if (!strcmp(argv[i], "dram"))
			test_dram();
		else if (!strcmp(argv[i], "kill"))
			test_kill();
		else if (!strcmp(argv[i], "cpucp"))
			test_cpucp();
		else if (!strcmp(argv[i], "huge"))
			test_huge();
		else if (!strcmp(argv[i], "debug"))
			test_debug();
		else {
			fprintf(stderr, "unknown case %s\n", argv[i]);
			return 2;
		}
	}
	printf("goya-scale: %d passed, %d failed\n", total.pass, total.fail);
	return total.fail ? 1 : 0;
}
