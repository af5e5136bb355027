// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * goya-sync-test - in-guest tests of the sync manager through the real
 * 6.1 driver, with the monitor/SOB encoding of the Goya userspace
 * specification (driver contract §17.1, docs/fidelity.md "Sync manager"):
 *
 *  pipeline  §17.1's typical user pipeline over four DMA queues: host->
 *            DRAM on queue 1 (the only queue the parser lets read host
 *            memory), DRAM->DRAM on queues 0 and 2, DRAM->host on queue 3,
 *            each stage a MSG_SHORT "SOB += 1" after its copy and each
 *            waiter a monitor {SOB, equal, 1} paying CP_FENCE0_RDATA of
 *            its own queue plus FENCE(0, 1, 1); the first stage is large,
 *            so a waiter that ran early would copy stale bytes.  Once as
 *            one CS, once as four CSs with the waiters submitted first.
 *  threads   8, 64 and 512 threads of one process, each copying host->
 *            DRAM->host in a loop, handing over through its own SOB
 *            (equal mode, 1, 2, 3...) and a monitor from a shared pool.
 *  pingpong  DMA -> MME/TPC -> DMA and back: the engine's CB waits for
 *            the DMA's SOB, stamps the copied data, signals; a DMA queue
 *            waits for that and copies the result out.  Engine CBs in
 *            SRAM (reached through CP_DMA from the QMAN's upper CP) and in
 *            DRAM (run by the QMAN directly).
 *
 * Data is compared byte for byte.  Output: "ok - ..."/"not ok - ..." and
 * "goya-sync-test: N passed, M failed".  Exit 0 when all passed.
 * Usage: goya-sync-test [pipeline] [threads] [pingpong] (default: all)
 */
#include <pthread.h>

#include "../errors/gt_common.h"

#define MiB		(1ull << 20)
#define WAIT_US		120000000ull	/* per CS (512 threads under TCG) */
#define HOST_PAT	0xEE
#define DEV_PAT		0x5A
#define PIPE_SIZE	(32 * MiB + 4093)	/* large first stage */
#define SLOT		8192			/* per-thread host/DRAM slot */
#define MAX_THREADS	512

struct st {
	struct gt g;
	struct hl_host_buf hs, hd;	/* host source / destination */
	struct hl_dram_buf d;		/* DRAM, sliced per test */
	uint64_t sram, sram_size;
	uint32_t sob_next, sob_end;	/* user SOBs */
	uint32_t mon_first;		/* first user monitor */
	uint32_t mon_next;
};

/* ---- jobs ---------------------------------------------------------- */

struct job {
	struct hl_cb cb;
	struct goya_cb_builder b;
	uint32_t queue;
	uint64_t dev_cb;	/* internal queue: CB already in device memory */
	uint32_t dev_len;
};

static int job_new(struct st *t, struct job *j, uint32_t queue)
{
	int rc;

	memset(j, 0, sizeof(*j));
	j->queue = queue;
	rc = hl_cb_alloc(t->g.dev, 4096, &j->cb);
	if (!rc)
		goya_cb_init(&j->b, j->cb.ptr, j->cb.size);
	return rc;
}

static void jobs_free(struct st *t, struct job *j, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		hl_cb_free(t->g.dev, &j[i].cb);
}

static int lin(struct job *j, uint64_t src, uint64_t dst, uint64_t size,
	       uint32_t dir)
{
	return goya_cb_lin_dma(&j->b, src, dst, (uint32_t)size, dir,
			       GOYA_PKT_MB | GOYA_PKT_EB);
}

/* Submit @n jobs as one CS; retries while the driver has no room. */
static int submit(struct st *t, struct job *j, unsigned int n, uint64_t *seq)
{
	struct hl_cs_chunk c[8];
	int rc;

	for (unsigned int i = 0; i < n; i++) {
		if (j[i].dev_len) {
			hl_chunk_init(&c[i], j[i].queue, j[i].dev_cb,
				      j[i].dev_len);
			continue;
		}
		if (j[i].b.err)
			return j[i].b.err;
		hl_chunk_init(&c[i], j[i].queue, j[i].cb.handle,
			      (uint32_t)j[i].b.len);
	}
	for (int tries = 0; tries < 60000; tries++) {
		rc = hl_cs_submit(t->g.dev, NULL, 0, c, n, 0, 0, seq);
		if (rc != -EAGAIN && rc != -EBUSY)
			break;
		usleep(2000);	/* too many CSs in flight: try again */
	}
	return rc;
}

static int wait_cs(struct st *t, uint64_t seq)
{
	uint32_t st = 0;
	int rc = hl_cs_wait(t->g.dev, seq, WAIT_US, &st);

	if (rc == 1)
		return 0;
	return rc ? rc : -ETIMEDOUT;
}

/* CS @seq is still busy after @us (nothing could release it yet). */
static bool still_busy(struct st *t, uint64_t seq, uint64_t us)
{
	uint32_t st = 0;

	return hl_cs_wait(t->g.dev, seq, us, &st) == 0 &&
	       st == HL_WAIT_CS_STATUS_BUSY;
}

static uint32_t new_sob(struct st *t)
{
	if (t->sob_next >= t->sob_end) {
		fprintf(stderr, "out of SOBs\n");
		exit(2);
	}
	return t->sob_next++;
}

static uint32_t new_mon(struct st *t)
{
	uint32_t m = t->mon_next++;

	if (t->mon_next >= GOYA_SM_NUM_MONS)
		t->mon_next = t->mon_first;
	return m;
}

static bool same(const uint8_t *got, const uint8_t *want, size_t len,
		 const char *what)
{
	for (size_t i = 0; i < len; i++) {
		if (got[i] != want[i]) {
			printf("  %s: first difference at byte %zu of %zu: "
			       "0x%02x, want 0x%02x\n", what, i, len, got[i],
			       want[i]);
			return false;
		}
	}
	return true;
}

/* Fill [va, va+size) of device memory with @byte through queue 0. */
static int dev_fill(struct st *t, uint64_t va, uint64_t size, uint8_t byte,
		    uint32_t dir)
{
	struct job j;
	uint64_t seq;
	int rc = job_new(t, &j, GOYA_QUEUE_ID_DMA_0);

	if (rc)
		return rc;
	goya_cb_lin_dma(&j.b, 0x0101010101010101ull * byte, va,
			(uint32_t)size, dir, GOYA_PKT_MB | GOYA_PKT_EB |
			GOYA_PKT_LIN_DMA_MEMSET);
	rc = submit(t, &j, 1, &seq);
	if (!rc)
		rc = wait_cs(t, seq);
	jobs_free(t, &j, 1);
	return rc;
}

/* ---- (a) the §17.1 pipeline over four DMA queues ------------------- */

static void pipeline(struct st *t, bool separate)
{
	/* stage i runs on queue q[i] and copies a[i] -> a[i + 1] */
	static const uint32_t q[4] = { 1, 0, 2, 3 };
	static const uint32_t dir[4] = {
		HL_DMA_HOST_TO_DRAM, HL_DMA_DRAM_TO_DRAM, HL_DMA_DRAM_TO_DRAM,
		HL_DMA_DRAM_TO_HOST,
	};
	uint64_t a[5], seq[4];
	uint32_t sob[3];
	struct job j[4];
	bool busy = true, ok;
	int rc = 0, i;

	a[0] = t->hs.va + 7;
	a[1] = t->d.va + 1;
	a[2] = t->d.va + 40 * MiB + 2;
	a[3] = t->d.va + 80 * MiB + 3;
	a[4] = t->hd.va + 5;
	gt_fill(t->hs.ptr + 7, PIPE_SIZE, separate ? 2 : 1);
	memset(t->hd.ptr, HOST_PAT, PIPE_SIZE + 16);
	rc = dev_fill(t, t->d.va, 128 * MiB, DEV_PAT, HL_DMA_DRAM_TO_DRAM);
	for (i = 0; i < 3; i++)
		sob[i] = new_sob(t);
	/* built last stage first: the waiters are queued before the source */
	for (i = 3; i >= 0 && !rc; i--) {
		struct job *jj = &j[3 - i];

		rc = job_new(t, jj, q[i]);
		if (rc)
			break;
		if (i > 0)
			goya_cb_wait_sob(&jj->b, q[i], new_mon(t), sob[i - 1],
					 GOYA_MON_EQ, 1, 0);
		lin(jj, a[i], a[i + 1], PIPE_SIZE, dir[i]);
		if (i < 3)
			goya_cb_sob_write(&jj->b, sob[i], 1, true, GOYA_PKT_MB);
	}
	if (rc) {
		gt_ok(&t->g, false, "pipeline: set-up (%d)", rc);
		return;
	}
	if (!separate) {
		rc = submit(t, j, 4, &seq[0]);
		if (!rc)
			rc = wait_cs(t, seq[0]);
	} else {
		for (i = 0; i < 3 && !rc; i++)
			rc = submit(t, &j[i], 1, &seq[i]);
		busy = !rc && still_busy(t, seq[0], 300000) &&
		       still_busy(t, seq[2], 1000);
		if (!rc)
			rc = submit(t, &j[3], 1, &seq[3]);
		for (i = 3; i >= 0 && !rc; i--)
			rc = wait_cs(t, seq[i]);
	}
	jobs_free(t, j, 4);
	if (separate)
		gt_ok(&t->g, busy, "pipeline: waiting CSs on queues 3, 2, 0 "
		      "stay busy until queue 1's CS is submitted");
	ok = !rc && same(t->hd.ptr + 5, t->hs.ptr + 7, PIPE_SIZE, "pipeline") &&
	     t->hd.ptr[4] == HOST_PAT && t->hd.ptr[5 + PIPE_SIZE] == HOST_PAT;
	gt_ok(&t->g, ok, "pipeline (%s): q1 H2D -> q0 D2D -> q2 D2D -> q3 D2H, "
	      "%llu B, SOBs %u-%u, monitors {SOB, ==, 1} + FENCE(0, 1, 1)%s",
	      separate ? "4 CSs, waiters first" : "one CS",
	      (unsigned long long)PIPE_SIZE, sob[0], sob[2],
	      rc ? " [CS failed]" : "");
}

/* ---- (b) threads of one process ------------------------------------ */

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	uint32_t free[GOYA_SM_NUM_MONS];
	unsigned int n_free;
};

struct worker {
	struct st *t;
	struct pool *mons;
	pthread_t tid;
	unsigned int idx, iters;
	uint32_t sob;
	int rc;
	unsigned int bad;	/* iterations with wrong data */
};

static uint32_t mon_get(struct pool *p)
{
	uint32_t m;

	pthread_mutex_lock(&p->lock);
	while (!p->n_free)
		pthread_cond_wait(&p->freed, &p->lock);
	m = p->free[--p->n_free];
	pthread_mutex_unlock(&p->lock);
	return m;
}

static void mon_put(struct pool *p, uint32_t m)
{
	pthread_mutex_lock(&p->lock);
	p->free[p->n_free++] = m;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

/*
 * Iteration k: job A on queue 1 copies host -> DRAM and adds 1 to the
 * thread's SOB; job B on a DMA queue other than 1 waits for SOB == k + 1
 * and copies DRAM -> host.  B is listed first in the CS.
 */
static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct st *t = w->t;
	uint32_t qb = (uint32_t[]){ 0, 2, 3, 4 }[w->idx % 4];
	uint8_t *src = t->hs.ptr + (size_t)w->idx * SLOT;
	uint8_t *dst = t->hd.ptr + (size_t)w->idx * SLOT;
	uint64_t dev = t->d.va + (uint64_t)w->idx * SLOT;
	struct job j[2];

	for (unsigned int k = 0; k < w->iters && !w->rc; k++) {
		uint32_t size = 1 + (w->idx * 131 + k * 977) % (SLOT - 1);
		uint32_t mon = mon_get(w->mons);
		uint64_t seq;

		gt_fill(src, size, w->idx * 1000 + k);
		memset(dst, HOST_PAT, SLOT);
		memset(j, 0, sizeof(j));
		w->rc = job_new(t, &j[0], qb);
		if (!w->rc)
			w->rc = job_new(t, &j[1], GOYA_QUEUE_ID_DMA_1);
		if (!w->rc) {
			goya_cb_wait_sob(&j[0].b, qb, mon, w->sob, GOYA_MON_EQ,
					 k + 1, 0);
			lin(&j[0], dev, t->hd.va + (size_t)w->idx * SLOT, size,
			    HL_DMA_DRAM_TO_HOST);
			lin(&j[1], t->hs.va + (size_t)w->idx * SLOT, dev, size,
			    HL_DMA_HOST_TO_DRAM);
			goya_cb_sob_write(&j[1].b, w->sob, 1, true, GOYA_PKT_MB);
			w->rc = submit(t, j, 2, &seq);
			if (!w->rc)
				w->rc = wait_cs(t, seq);
		}
		jobs_free(t, j, 2);
		mon_put(w->mons, mon);
		if (!w->rc && (memcmp(dst, src, size) ||
			       dst[size] != HOST_PAT)) {
			if (!w->bad)
				same(dst, src, size, "thread copy");
			w->bad++;
		}
	}
	return NULL;
}

static void threads(struct st *t, unsigned int n, unsigned int iters)
{
	static struct worker w[MAX_THREADS];
	struct pool mons = {
		.lock = PTHREAD_MUTEX_INITIALIZER,
		.freed = PTHREAD_COND_INITIALIZER,
	};
	unsigned int started = 0, failed = 0, bad = 0, i;
	pthread_attr_t attr;
	double t0 = gt_now();
	int first_rc = 0;

	for (uint32_t m = t->mon_first; m < GOYA_SM_NUM_MONS; m++)
		mons.free[mons.n_free++] = m;
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	for (i = 0; i < n; i++) {
		w[i] = (struct worker){
			.t = t, .mons = &mons, .idx = i, .iters = iters,
			.sob = new_sob(t),
		};
		if (pthread_create(&w[i].tid, &attr, worker_main, &w[i]))
			break;
		started++;
	}
	pthread_attr_destroy(&attr);
	for (i = 0; i < started; i++) {
		pthread_join(w[i].tid, NULL);
		if (w[i].rc) {
			failed++;
			if (!first_rc)
				first_rc = w[i].rc;
		}
		bad += w[i].bad;
	}
	gt_ok(&t->g, started == n && !failed && !bad,
	      "%u threads x %u CSs (q1 H2D + SOB += 1 -> q0/2/3/4 waits SOB "
	      "== k + 1, D2H): %u started, %u failed (first rc %d), %u wrong "
	      "copies, SOBs %u-%u, %.1f s", n, iters, started, failed,
	      first_rc, bad, w[0].sob, w[0].sob + n - 1, gt_now() - t0);
}

/* ---- (c) ping-pong between DMA and MME/TPC queues ------------------ */

/* Copy the builder's packets to device address @dst through queue 1. */
static int put_cb(struct st *t, const struct goya_cb_builder *b, uint64_t dst,
		  uint32_t dir)
{
	struct job j;
	uint64_t seq;
	int rc;

	memcpy(t->hs.ptr, b->buf, b->len);
	rc = job_new(t, &j, GOYA_QUEUE_ID_DMA_1);
	if (rc)
		return rc;
	lin(&j, t->hs.va, dst, b->len, dir);
	rc = submit(t, &j, 1, &seq);
	if (!rc)
		rc = wait_cs(t, seq);
	jobs_free(t, &j, 1);
	return rc;
}

/*
 * Round r: queue 1 copies host chunk r to DRAM and signals SOB h; the
 * engine's CB waits for h == 1, writes a stamp over the first and last
 * word of the chunk in DRAM and signals SOB e; queue 3 waits for e == 1
 * and copies the chunk back.  A stage that ran early would lose the stamp
 * (engine before the copy in) or miss it (copy out before the engine).
 */
static void pingpong(struct st *t, uint32_t engine, const char *name,
		     bool in_sram)
{
	const uint32_t size = 1 * MiB + 12, rounds = 3;
	uint64_t cb_base = in_sram ? t->sram + t->sram_size - 64 * 1024 :
			   t->d.va + 120 * MiB;
	uint32_t cb_dir = in_sram ? HL_DMA_HOST_TO_SRAM : HL_DMA_HOST_TO_DRAM;
	unsigned int good = 0;
	int rc = 0;

	for (uint32_t r = 0; r < rounds && !rc; r++) {
		uint32_t h = new_sob(t), e = new_sob(t);
		uint64_t chunk = t->d.va + r * 2 * MiB + 4;
		uint64_t cb = cb_base + r * 1024, seq;
		uint32_t stamp = 0x5EC00000u | r << 8 | engine, len;
		uint8_t outer[256], inner[256], *want = t->hs.ptr + 4096;
		struct goya_cb_builder ob, ib;
		struct job j[3];

		gt_fill(want, size, 100 + r + engine);
		memset(t->hd.ptr, HOST_PAT, size + 8);
		/* the engine's CB: wait, then (through CP_DMA) stamp + signal */
		goya_cb_init(&ob, outer, sizeof(outer));
		goya_cb_init(&ib, inner, sizeof(inner));
		goya_cb_wait_sob(&ob, engine, new_mon(t), h, GOYA_MON_EQ, 1, 0);
		goya_cb_msg_long(&ib, chunk, stamp, 0);
		goya_cb_msg_long(&ib, chunk + size - 4, ~stamp, 0);
		goya_cb_sob_write(&ib, e, 1, true, GOYA_PKT_MB);
		if (in_sram) {
			rc = ib.err ? ib.err : put_cb(t, &ib, cb + 512, cb_dir);
			goya_cb_cp_dma(&ob, cb + 512, (uint32_t)ib.len, 0);
		} else {
			goya_cb_raw(&ob, inner, ib.len);
		}
		if (!rc)
			rc = ob.err ? ob.err : put_cb(t, &ob, cb, cb_dir);
		len = (uint32_t)ob.len;
		/* the DMA side: copy-out waiter, engine job, copy-in signaller */
		if (!rc)
			rc = job_new(t, &j[0], GOYA_QUEUE_ID_DMA_3);
		if (!rc) {
			goya_cb_wait_sob(&j[0].b, GOYA_QUEUE_ID_DMA_3, new_mon(t),
					 e, GOYA_MON_EQ, 1, 0);
			lin(&j[0], chunk, t->hd.va, size, HL_DMA_DRAM_TO_HOST);
			rc = job_new(t, &j[2], GOYA_QUEUE_ID_DMA_1);
		}
		if (rc)
			break;
		memset(&j[1], 0, sizeof(j[1]));
		j[1].queue = engine;
		j[1].dev_cb = cb;
		j[1].dev_len = len;
		memcpy(t->hs.ptr + 2 * MiB, want, size);
		lin(&j[2], t->hs.va + 2 * MiB, chunk, size,
		    HL_DMA_HOST_TO_DRAM);
		goya_cb_sob_write(&j[2].b, h, 1, true, GOYA_PKT_MB);
		rc = submit(t, j, 3, &seq);
		if (!rc)
			rc = wait_cs(t, seq);
		jobs_free(t, j, 3);
		memcpy(want, &stamp, 4);
		stamp = ~stamp;
		memcpy(want + size - 4, &stamp, 4);
		if (!rc && same(t->hd.ptr, want, size, name) &&
		    t->hd.ptr[size] == HOST_PAT)
			good++;
	}
	gt_ok(&t->g, !rc && good == rounds, "ping-pong DMA q1 -> %s -> DMA q3, "
	      "%s CB%s: %u/%u rounds with the engine's stamp on the copied "
	      "data (rc %d)", name, in_sram ? "SRAM" : "DRAM",
	      in_sram ? " via CP_DMA to the CMDQ" : " run by the QMAN", good,
	      rounds, rc);
}

/* ------------------------------------------------------------------ */

static bool want_test(int argc, char **argv, const char *name)
{
	if (argc < 2)
		return true;
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	struct hl_info_sync_manager sm = { 0 };
	static struct st t;
	int rc;

	if (gt_open(&t.g))
		return 2;
	t.sram = t.g.ip.sram_base_address;
	t.sram_size = t.g.ip.sram_size;
	rc = hl_info_sync_manager(t.g.dev, 0, &sm);
	if (rc) {
		printf("Bail out! %s\n", hl_last_error(t.g.dev));
		return 2;
	}
	/* SOBs from 1000 on carry the driver's DMA write completions */
	t.sob_next = sm.first_available_sync_object;
	t.sob_end = GOYA_SM_USER_SOBS;
	t.mon_first = t.mon_next = sm.first_available_monitor;
	printf("# HL_INFO_SYNC_MANAGER: first SOB %u, first monitor %u, "
	       "first CQ %u; using SOBs %u-%u, monitors %u-%u\n",
	       sm.first_available_sync_object, sm.first_available_monitor,
	       sm.first_available_cq, t.sob_next, t.sob_end - 1, t.mon_first,
	       GOYA_SM_NUM_MONS - 1);
	if (t.sob_next >= t.sob_end || t.mon_first >= GOYA_SM_NUM_MONS) {
		printf("Bail out! no SOBs/monitors left for users\n");
		return 2;
	}
	rc = hl_host_buf_alloc(t.g.dev, PIPE_SIZE + 4 * MiB, &t.hs);
	if (!rc)
		rc = hl_host_buf_alloc(t.g.dev, PIPE_SIZE + 4 * MiB, &t.hd);
	if (!rc)
		rc = hl_dram_buf_alloc(t.g.dev, 128 * MiB, &t.d);
	if (rc) {
		printf("Bail out! buffers: %s\n", hl_last_error(t.g.dev));
		return 2;
	}
	if (want_test(argc, argv, "pipeline")) {
		pipeline(&t, false);
		pipeline(&t, true);
	}
	if (want_test(argc, argv, "pingpong")) {
		pingpong(&t, GOYA_QUEUE_ID_MME, "MME", true);
		pingpong(&t, GOYA_QUEUE_ID_MME, "MME", false);
		pingpong(&t, GOYA_QUEUE_ID_TPC2, "TPC2", true);
		pingpong(&t, GOYA_QUEUE_ID_TPC2, "TPC2", false);
	}
	if (want_test(argc, argv, "threads")) {
		threads(&t, 8, 16);
		threads(&t, 64, 4);
		threads(&t, 512, 2);
	}
	hl_dram_buf_free(t.g.dev, &t.d);
	hl_host_buf_free(t.g.dev, &t.hd);
	hl_host_buf_free(t.g.dev, &t.hs);
	hl_close(t.g.dev);
	printf("goya-sync-test: %d passed, %d failed\n", t.g.pass, t.g.fail);
	return t.g.fail ? 1 : 0;
}
