// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * goya-reliability - in-guest workloads for the reliability tests
 * (tests/guest/reliability/, docs/reliability.md), over the real 6.1
 * habanalabs driver and libhl:
 *
 *  workload SECONDS   verified DMA round trips (host -> DRAM -> SRAM ->
 *                     host, random sizes, offsets and DMA queues) for
 *                     SECONDS of guest time, with a CPU-CP query (power)
 *                     every tick; the host migrates the VM meanwhile.
 *                     Ends with the device Operational and no reset.
 *  soak N             N command submissions: random sizes, directions
 *                     (all five the parser allows), queues, 1-4 jobs per
 *                     CS, several CSs in flight; every result verified.
 *  kill N             N times: a child opens the device, maps host memory,
 *                     allocates DRAM, submits CSs without waiting and is
 *                     SIGKILLed; then the device must be Operational and
 *                     the DRAM usage back to its starting value.
 *  dma                one verified round trip (after a reset or hot-plug).
 *
 * Output: "# " diagnostics, "ok/not ok - " lines, and the summary
 * "goya-reliability: N passed, M failed".  Exit 0 all passed, 1 failures,
 * 2 set-up failure.
 */
#include <signal.h>
#include <sys/wait.h>

#include "gt_common.h"		/* tests/guest/errors: gt_ok(), gt_now() */

#define MiB (1ull << 20)
#define BUF_SIZE (8 * MiB)
#define WAIT_US 30000000ull
#define MAX_INFLIGHT 8

struct r {
	struct gt g;		/* pass/fail counts */
	struct hl_dev *dev;
	struct hl_info_hw_ip_info ip;
	struct hl_host_buf hs, hd;
	struct hl_dram_buf d;
	uint64_t rng;
};

#define result(t, ...) gt_ok(&(t)->g, __VA_ARGS__)

#define diag gt_diag
#define rnd(t) gt_rand(&(t)->rng)
#define fill_random(t, p, len) gt_fill_random(&(t)->rng, (p), (len))

static bool same(const uint8_t *got, const uint8_t *want, size_t len,
		 const char *what)
{
	size_t i;

	if (!memcmp(got, want, len))
		return true;
	for (i = 0; i < len && got[i] == want[i]; i++)
		;
	diag("%s: mismatch at +%zu of %zu (got 0x%02x, want 0x%02x)", what, i,
	     len, got[i], want[i]);
	return false;
}

static int open_all(struct r *t, unsigned int index)
{
	int rc = hl_open(index, &t->dev);

	if (rc) {
		diag("open /dev/hl%u: %s", index, hl_strerror(rc));
		return rc;
	}
	rc = hl_info_hw_ip(t->dev, &t->ip);
	if (!rc)
		rc = hl_host_buf_alloc(t->dev, BUF_SIZE, &t->hs);
	if (!rc)
		rc = hl_host_buf_alloc(t->dev, BUF_SIZE, &t->hd);
	if (!rc)
		rc = hl_dram_buf_alloc(t->dev, BUF_SIZE, &t->d);
	if (rc)
		diag("set-up: %s (%s)", hl_strerror(rc), hl_last_error(t->dev));
	return rc;
}

static void close_all(struct r *t)
{
	hl_dram_buf_free(t->dev, &t->d);
	hl_host_buf_free(t->dev, &t->hd);
	hl_host_buf_free(t->dev, &t->hs);
	hl_close(t->dev);
	t->dev = NULL;
}

/*
 * One verified round trip: host -> DRAM (DMA_1, the only queue the parser
 * lets read host memory), DRAM -> SRAM and SRAM -> host on random queues.
 */
static int round_trip(struct r *t, uint64_t size, uint64_t *bytes)
{
	uint64_t hoff = rnd(t) % (BUF_SIZE - size + 1);
	uint64_t doff = rnd(t) % (BUF_SIZE - size + 1);
	uint64_t soff = rnd(t) % (t->ip.sram_size / 2 - size + 1);
	uint64_t sram = t->ip.sram_base_address + soff;
	uint32_t q1 = rnd(t) % 5, q2 = rnd(t) % 5;
	int rc;

	fill_random(t, t->hs.ptr + hoff, size);
	memset(t->hd.ptr + hoff, 0xEE, size);
	rc = hl_dma_sync(t->dev, GOYA_QUEUE_ID_DMA_1, t->hs.va + hoff,
			 t->d.va + doff, size, HL_DMA_HOST_TO_DRAM, 0, WAIT_US);
	if (!rc)
		rc = hl_dma_sync(t->dev, q1, t->d.va + doff, sram, size,
				 HL_DMA_DRAM_TO_SRAM, 0, WAIT_US);
	if (!rc)
		rc = hl_dma_sync(t->dev, q2, sram, t->hd.va + hoff, size,
				 HL_DMA_SRAM_TO_HOST, 0, WAIT_US);
	if (rc) {
		diag("round trip of %" PRIu64 " B: %s (%s)", size,
		     hl_strerror(rc), hl_last_error(t->dev));
		return rc;
	}
	*bytes += 3 * size;
	return same(t->hd.ptr + hoff, t->hs.ptr + hoff, size, "round trip") ?
	       0 : -EIO;
}

static uint64_t rnd_size(struct r *t, uint64_t max)
{
	/* log-uniform: small and large sizes alike */
	unsigned int bits = rnd(t) % 24;
	uint64_t s = 1 + rnd(t) % (1ull << bits);

	return s > max ? max : s;
}

static bool operational(struct r *t)
{
	uint32_t st = ~0u;
	int rc = hl_info_device_status(t->dev, &st);

	if (rc || st != HL_DEVICE_STATUS_OPERATIONAL) {
		diag("device status: rc %d, %s", rc,
		     rc ? "?" : hl_device_status_name(st));
		return false;
	}
	return true;
}

static int cmd_workload(struct r *t, double secs)
{
	struct hl_info_reset_count rc0 = { 0 }, rc1 = { 0 };
	struct hl_power_info pw;
	uint64_t trips = 0, bytes = 0, bad = 0, cpucp_bad = 0;
	double t0 = gt_now(), next = t0 + 2;

	hl_info_reset_count(t->dev, &rc0);
	printf("GOYA-RELIABILITY: workload started\n");
	fflush(stdout);
	while (gt_now() - t0 < secs) {
		if (round_trip(t, rnd_size(t, 4 * MiB), &bytes))
			bad++;
		trips++;
		if (gt_now() >= next) {
			if (hl_info_power(t->dev, &pw))
				cpucp_bad++;
			printf("GOYA-RELIABILITY: tick %.0f s: %" PRIu64
			       " round trips, %" PRIu64 " MiB, %" PRIu64
			       " mismatches\n", gt_now() - t0, trips,
			       bytes >> 20, bad);
			fflush(stdout);
			next = gt_now() + 2;
		}
	}
	hl_info_reset_count(t->dev, &rc1);
	diag("workload: %" PRIu64 " round trips, %" PRIu64 " MiB moved in %.1f s",
	     trips, bytes >> 20, gt_now() - t0);
	result(t, trips > 0 && !bad, "workload: %" PRIu64 " verified round "
	       "trips, %" PRIu64 " mismatches", trips, bad);
	result(t, !cpucp_bad, "CPU-CP queries answered during the workload");
	result(t, operational(t), "device Operational after the workload");
	result(t, rc1.hard_reset_cnt == rc0.hard_reset_cnt &&
	       rc1.soft_reset_cnt == rc0.soft_reset_cnt,
	       "no device reset during the workload (hard %u soft %u)",
	       rc1.hard_reset_cnt, rc1.soft_reset_cnt);
	return 0;
}

/* ---- soak ---- */

enum soak_dir { H2D, D2H, H2S, S2H, D2S, S2D, D2D, NDIRS };

struct soak_job {
	struct hl_cb cb;
	uint32_t queue;
	enum soak_dir dir;
	uint64_t src_off, dst_off, size;
};

static const char *const dir_name[NDIRS] = {
	"host->DRAM", "DRAM->host", "host->SRAM", "SRAM->host", "DRAM->SRAM",
	"SRAM->DRAM", "DRAM->DRAM",
};

/*
 * Each job copies inside one of three mirrors: host (hs/hd), DRAM (two
 * halves of d), SRAM (two halves).  The expected content of every
 * destination is tracked in a host shadow, written in submission order;
 * jobs of one CS never overlap (disjoint slots).
 */
struct soak {
	struct r *t;
	uint8_t *shadow_dram, *shadow_sram;
	uint64_t sram_half;
	uint64_t dirs[NDIRS];
	uint64_t queues[5];
};

static uint64_t addr_of(struct soak *s, int where, bool dst, uint64_t off)
{
	struct r *t = s->t;

	switch (where) {
	case 0:
		return (dst ? t->hd.va : t->hs.va) + off;
	case 1:
		return t->d.va + (dst ? BUF_SIZE / 2 : 0) + off;
	default:
		return t->ip.sram_base_address + (dst ? s->sram_half : 0) + off;
	}
}

static int cmd_soak(struct r *t, unsigned int count)
{
	struct soak s = { .t = t };
	uint64_t slot = BUF_SIZE / 2 / 4;	/* 4 jobs per CS max */
	uint64_t subs = 0, bad = 0, err = 0, cs_n = 0;
	uint8_t *want = malloc(BUF_SIZE);
	double t0 = gt_now();

	s.sram_half = t->ip.sram_size / 2;
	if (s.sram_half > BUF_SIZE / 2)
		s.sram_half = BUF_SIZE / 2;
	if (!want)
		return -ENOMEM;
	while (subs < count) {
		struct soak_job jobs[4];
		struct hl_cs_chunk chunks[4];
		unsigned int nj = 1 + rnd(t) % 4, i;

		if (nj > count - subs)
			nj = count - subs;	/* exactly @count in total */
		uint64_t seq;
		uint32_t status;
		int rc = 0;

		for (i = 0; i < nj; i++) {
			struct soak_job *j = &jobs[i];
			struct goya_cb_builder b;
			uint64_t src, dst;
			int sw, dw;

			j->dir = rnd(t) % NDIRS;
			j->size = rnd_size(t, (slot < s.sram_half / 4 ?
					       slot : s.sram_half / 4) - 64);
			j->src_off = i * slot + rnd(t) % 64;
			j->dst_off = i * slot + rnd(t) % 64;
			j->queue = (j->dir == H2D || j->dir == H2S) ?
				   GOYA_QUEUE_ID_DMA_1 : rnd(t) % 5;
			sw = j->dir == H2D || j->dir == H2S ? 0 :
			     j->dir == D2H || j->dir == D2S || j->dir == D2D ? 1 : 2;
			dw = j->dir == D2H || j->dir == S2H ? 0 :
			     j->dir == H2D || j->dir == S2D || j->dir == D2D ? 1 : 2;
			/* sources: fresh random data, written by the host
			 * directly for host memory, else staged below */
			src = addr_of(&s, sw, false, j->src_off);
			dst = addr_of(&s, dw, true, j->dst_off);
			rc = hl_cb_alloc(t->dev, 64, &j->cb);
			if (rc)
				break;
			goya_cb_init(&b, j->cb.ptr, 64);
			rc = goya_cb_lin_dma(&b, src, dst, j->size,
				j->dir == H2D ? HL_DMA_HOST_TO_DRAM :
				j->dir == D2H ? HL_DMA_DRAM_TO_HOST :
				j->dir == H2S ? HL_DMA_HOST_TO_SRAM :
				j->dir == S2H ? HL_DMA_SRAM_TO_HOST :
				j->dir == D2S ? HL_DMA_DRAM_TO_SRAM :
				j->dir == S2D ? HL_DMA_SRAM_TO_DRAM :
				HL_DMA_DRAM_TO_DRAM, GOYA_PKT_MB | GOYA_PKT_EB);
			hl_chunk_init(&chunks[i], j->queue, j->cb.handle,
				      b.len);
			/* source content: host memory as is; device sources
			 * get random data through a host->device copy first */
			fill_random(t, t->hs.ptr + j->src_off, j->size);
			if (!rc && sw != 0)
				rc = hl_dma_sync(t->dev, GOYA_QUEUE_ID_DMA_1,
					t->hs.va + j->src_off, src, j->size,
					sw == 1 ? HL_DMA_HOST_TO_DRAM :
						  HL_DMA_HOST_TO_SRAM, 0, WAIT_US);
			if (rc)
				break;
		}
		if (rc) {
			diag("soak set-up: %s (%s)", hl_strerror(rc),
			     hl_last_error(t->dev));
			err++;
			nj = i + (i < nj && jobs[i].cb.handle ? 1 : 0);
			for (i = 0; i < nj; i++)
				hl_cb_free(t->dev, &jobs[i].cb);
			break;
		}
		rc = hl_cs_submit(t->dev, NULL, 0, chunks, nj, 0, 0, &seq);
		if (!rc) {
			rc = hl_cs_wait(t->dev, seq, WAIT_US, &status);
			rc = rc == 1 ? 0 : rc ? rc : -ETIMEDOUT;
		}
		cs_n++;
		if (rc) {
			diag("soak CS %" PRIu64 ": %s (%s)", cs_n,
			     hl_strerror(rc), hl_last_error(t->dev));
			err++;
		}
		for (i = 0; i < nj; i++) {
			struct soak_job *j = &jobs[i];
			int sw = j->dir == H2D || j->dir == H2S ? 0 : 1;
			int dw = j->dir == D2H || j->dir == S2H ? 0 :
			     j->dir == H2D || j->dir == S2D || j->dir == D2D ? 1 : 2;
			const uint8_t *got;

			(void)sw;
			memcpy(want, t->hs.ptr + j->src_off, j->size);
			if (dw == 0) {
				got = t->hd.ptr + j->dst_off;
			} else {
				/* read the device destination back */
				uint64_t dst = addr_of(&s, dw, true, j->dst_off);

				memset(t->hd.ptr + j->dst_off, 0xEE, j->size);
				if (!rc)
					rc = hl_dma_sync(t->dev, rnd(t) % 5, dst,
						t->hd.va + j->dst_off, j->size,
						dw == 1 ? HL_DMA_DRAM_TO_HOST :
						HL_DMA_SRAM_TO_HOST, 0, WAIT_US);
				got = t->hd.ptr + j->dst_off;
			}
			if (rc || !same(got, want, j->size, dir_name[j->dir]))
				bad++;
			s.dirs[j->dir]++;
			s.queues[j->queue]++;
			hl_cb_free(t->dev, &j->cb);
			subs++;
		}
		if (cs_n % 500 == 0)
			diag("soak: %" PRIu64 " submissions, %" PRIu64
			     " mismatches", subs, bad);
	}
	free(want);
	diag("soak: %" PRIu64 " submissions in %" PRIu64 " CSs, %.1f s",
	     subs, cs_n, gt_now() - t0);
	for (int d = 0; d < NDIRS; d++)
		diag("  %-11s %" PRIu64, dir_name[d], s.dirs[d]);
	for (int q = 0; q < 5; q++)
		diag("  DMA_%d       %" PRIu64, q, s.queues[q]);
	printf("GOYA-RELIABILITY: soak %" PRIu64 " submissions, %" PRIu64
	       " mismatches, %" PRIu64 " errors\n", subs, bad, err);
	result(t, subs >= count && !bad && !err,
	       "soak: %" PRIu64 " verified submissions, 0 mismatches", subs);
	result(t, operational(t), "device Operational after the soak");
	return 0;
}

/* ---- kill storm ---- */

static void child_submit_forever(unsigned int index)
{
	struct r c = { .rng = getpid() };

	if (open_all(&c, index))
		_exit(2);
	/* lots of CSs in flight, never waited for */
	for (;;) {
		struct hl_cb cb;
		struct goya_cb_builder b;
		struct hl_cs_chunk ch;
		uint64_t seq;

		if (hl_cb_alloc(c.dev, 64, &cb))
			break;
		goya_cb_init(&b, cb.ptr, 64);
		goya_cb_lin_dma(&b, c.hs.va, c.d.va, BUF_SIZE,
				HL_DMA_HOST_TO_DRAM, GOYA_PKT_MB | GOYA_PKT_EB);
		hl_chunk_init(&ch, GOYA_QUEUE_ID_DMA_1, cb.handle,
			      b.len);
		/* -EAGAIN once the in-flight limit is reached: retry */
		hl_cs_submit(c.dev, NULL, 0, &ch, 1, 0, 0, &seq);
	}
	for (;;)
		pause();
}

static int reopen(struct r *t, unsigned int index)
{
	/* the killed process' context is released asynchronously */
	for (int i = 0; i < 200; i++) {
		if (!hl_open(index, &t->dev))
			return 0;
		usleep(50000);
	}
	return -EBUSY;
}

static int cmd_kill(struct r *t, unsigned int index, unsigned int count)
{
	struct hl_info_dram_usage u0 = { 0 }, u1 = { 0 };
	unsigned int good = 0, dram_ok = 0;

	/* the start value: no context holds DRAM (ours released first) */
	close_all(t);
	if (reopen(t, index) || hl_info_dram_usage(t->dev, &u0))
		return -EIO;
	hl_close(t->dev);
	t->dev = NULL;
	for (unsigned int i = 0; i < count; i++) {
		pid_t pid = fork();
		int wst;

		if (pid == 0)
			child_submit_forever(index);
		usleep(300000 + (i % 5) * 100000);
		kill(pid, SIGKILL);
		waitpid(pid, &wst, 0);
		if (reopen(t, index)) {
			diag("kill %u: device not reopenable", i);
			continue;
		}
		if (operational(t))
			good++;
		if (!hl_info_dram_usage(t->dev, &u1) &&
		    u1.dram_free_mem == u0.dram_free_mem)
			dram_ok++;
		else
			diag("kill %u: DRAM free %llu, was %llu", i,
			     (unsigned long long)u1.dram_free_mem,
			     (unsigned long long)u0.dram_free_mem);
		hl_close(t->dev);
		t->dev = NULL;
	}
	printf("GOYA-RELIABILITY: kill storm %u kills, %u Operational, %u "
	       "DRAM back to start\n", count, good, dram_ok);
	if (open_all(t, index))
		return -EIO;
	result(t, good == count, "%u SIGKILLs with CSs in flight: device "
	       "Operational after each", count);
	result(t, dram_ok == count, "DRAM usage back to its start after "
	       "each kill (%u of %u)", dram_ok, count);
	return 0;
}

int main(int argc, char **argv)
{
	struct r t = { .rng = 0x9E3779B97F4A7C15ull };
	const char *cmd = argc > 1 ? argv[1] : "dma";
	unsigned int index = 0;
	uint64_t bytes = 0;
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (getenv("GOYA_SEED"))
		t.rng = strtoull(getenv("GOYA_SEED"), NULL, 0) | 1;
	if (open_all(&t, index)) {
		printf("Bail out! device set-up failed\n");
		return 2;
	}
	if (!strcmp(cmd, "workload")) {
		rc = cmd_workload(&t, argc > 2 ? atof(argv[2]) : 30);
	} else if (!strcmp(cmd, "soak")) {
		rc = cmd_soak(&t, argc > 2 ? atoi(argv[2]) : 1000);
	} else if (!strcmp(cmd, "kill")) {
		rc = cmd_kill(&t, index, argc > 2 ? atoi(argv[2]) : 5);
	} else if (!strcmp(cmd, "dma")) {
		rc = round_trip(&t, 1 * MiB + 123, &bytes);
		result(&t, !rc, "verified 1 MiB round trip host->DRAM->SRAM->host");
		result(&t, operational(&t), "device Operational");
	} else {
		printf("Bail out! unknown command %s\n", cmd);
		return 2;
	}
	if (rc) {
		printf("Bail out! %s: %s\n", cmd, strerror(-rc));
		return 2;
	}
	close_all(&t);
	printf("goya-reliability: %d passed, %d failed\n", t.g.pass, t.g.fail);
	return t.g.fail ? 1 : 0;
}
