// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hl-bench - DMA throughput and submission latency as a guest program sees
 * them through the habanalabs uapi.
 *
 *  - LIN_DMA host->DRAM (queue DMA_1) and DRAM->host (queue DMA_2) for
 *    sizes 4 KiB .. 256 MiB: wall time from CS submit to the end of the
 *    wait, best and mean over several repetitions;
 *  - the same program's memcpy() between two host buffers, same sizes;
 *  - round trips per second of tiny submissions (one NOP; one 4-byte
 *    LIN_DMA), submit + wait one at a time, and the rate with 32 CSs kept
 *    in flight.
 *
 * The data of the last repetition of every size is verified.  Figures
 * only: nothing is asserted about speed.  Lines starting with "BENCH" are
 * meant for scripts:
 *   BENCH dma <h2d|d2h> <bytes> <reps> <best MB/s> <mean MB/s>
 *   BENCH memcpy <bytes> <reps> <best MB/s> <mean MB/s>
 *   BENCH rtt <nop|dma4|nop-pipelined> <count> <per second>
 *
 * Usage: hl-bench [-d INDEX] [--max-size BYTES] [--min-size BYTES]
 *                 [--seconds S] [--quick]
 * Exit status: 0 ok, 1 failure (including a data mismatch), 2 usage.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <hl/hl.h>

#define MiB (1ull << 20)
#define WAIT_US 30000000ull
#define PIPE 32

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

struct bench {
	struct hl_dev *dev;
	struct hl_host_buf src, dst;
	struct hl_dram_buf dram;
	struct hl_cb cb;
	double seconds;		/* time budget per measurement */
};

/* One LIN_DMA CS on the pre-allocated CB; returns elapsed seconds, < 0 on
 * failure. */
static double timed_dma(struct bench *b, uint32_t queue, uint64_t src,
			uint64_t dst, uint32_t size, uint32_t dir)
{
	struct goya_cb_builder cb;
	uint64_t seq;
	double t0, t1;
	int rc;

	goya_cb_init(&cb, b->cb.ptr, b->cb.size);
	goya_cb_lin_dma(&cb, src, dst, size, dir, GOYA_PKT_MB | GOYA_PKT_EB);
	t0 = now_s();
	rc = hl_cs_submit_cb(b->dev, queue, b->cb.handle, (uint32_t)cb.len, &seq);
	if (!rc)
		rc = hl_cs_wait(b->dev, seq, WAIT_US, NULL);
	t1 = now_s();
	if (rc != 1) {
		fprintf(stderr, "hl-bench: %s\n", rc == 0 ? "CS still busy" :
			hl_last_error(b->dev));
		return -1;
	}
	return t1 - t0;
}

static unsigned int reps_for(uint64_t size, double seconds)
{
	/* aim at ~1 GB moved or the time budget, 3..200 repetitions */
	uint64_t r = (1ull << 30) / size;

	(void)seconds;
	if (r < 3)
		r = 3;
	if (r > 200)
		r = 200;
	return (unsigned int)r;
}

static int bench_dma(struct bench *b, uint64_t size)
{
	static const struct {
		const char *name;
		uint32_t queue, dir;
	} legs[2] = {
		{ "h2d", GOYA_QUEUE_ID_DMA_1, HL_DMA_HOST_TO_DRAM },
		{ "d2h", GOYA_QUEUE_ID_DMA_2, HL_DMA_DRAM_TO_HOST },
	};
	unsigned int reps = reps_for(size, b->seconds);
	double best[2], sum[2];

	for (int l = 0; l < 2; l++) {
		double t_start = now_s();
		unsigned int r;

		best[l] = 1e9;
		sum[l] = 0;
		for (r = 0; r < reps; r++) {
			double dt;

			if (l == 0)
				dt = timed_dma(b, legs[l].queue, b->src.va,
					       b->dram.va, (uint32_t)size,
					       legs[l].dir);
			else
				dt = timed_dma(b, legs[l].queue, b->dram.va,
					       b->dst.va, (uint32_t)size,
					       legs[l].dir);
			if (dt < 0)
				return -1;
			if (dt < best[l])
				best[l] = dt;
			sum[l] += dt;
			if (now_s() - t_start > b->seconds && r >= 2) {
				r++;
				break;
			}
		}
		printf("BENCH dma %s %" PRIu64 " %u %.1f %.1f\n", legs[l].name,
		       size, r, size / best[l] / 1e6, size * r / sum[l] / 1e6);
	}
	if (memcmp(b->src.ptr, b->dst.ptr, size)) {
		fprintf(stderr, "hl-bench: data mismatch after %" PRIu64
			" B round trip\n", size);
		return -1;
	}
	return 0;
}

static void bench_memcpy(struct bench *b, uint64_t size)
{
	unsigned int reps = reps_for(size, b->seconds), r;
	double best = 1e9, sum = 0, t_start = now_s();

	for (r = 0; r < reps; r++) {
		double t0 = now_s(), dt;

		memcpy(b->dst.ptr, b->src.ptr, size);
		__asm__ __volatile__("" ::: "memory");
		dt = now_s() - t0;
		if (dt < best)
			best = dt;
		sum += dt;
		if (now_s() - t_start > b->seconds && r >= 2) {
			r++;
			break;
		}
	}
	printf("BENCH memcpy %" PRIu64 " %u %.1f %.1f\n", size, r,
	       size / best / 1e6, size * r / sum / 1e6);
}

/* Tiny submissions: @kind 0 NOP, 1 4-byte LIN_DMA; @pipelined keeps PIPE
 * CSs in flight. */
static int bench_rtt(struct bench *b, int kind, bool pipelined)
{
	static const char *const names[] = { "nop", "dma4" };
	uint64_t seqs[PIPE], n = 0, waited = 0;
	struct goya_cb_builder cb;
	double t0 = now_s(), dt;
	int rc;

	goya_cb_init(&cb, b->cb.ptr, b->cb.size);
	if (kind == 0)
		goya_cb_nop(&cb, 0);
	else
		goya_cb_lin_dma(&cb, b->dram.va, b->dst.va, 4,
				HL_DMA_DRAM_TO_HOST, GOYA_PKT_MB | GOYA_PKT_EB);
	do {
		rc = hl_cs_submit_cb(b->dev, kind == 0 ? GOYA_QUEUE_ID_DMA_0 :
				     GOYA_QUEUE_ID_DMA_2, b->cb.handle,
				     (uint32_t)cb.len, &seqs[n % PIPE]);
		if (rc)
			break;
		n++;
		if (!pipelined || n - waited == PIPE) {
			rc = hl_cs_wait(b->dev, seqs[waited % PIPE], WAIT_US, NULL);
			if (rc != 1)
				break;
			waited++;
			rc = 0;
		}
	} while (now_s() - t0 < b->seconds);
	while (!rc && waited < n) {
		rc = hl_cs_wait(b->dev, seqs[waited % PIPE], WAIT_US, NULL);
		if (rc != 1)
			break;
		waited++;
		rc = 0;
	}
	dt = now_s() - t0;
	if (rc) {
		fprintf(stderr, "hl-bench: rtt %s: %s\n", names[kind],
			rc == 1 || rc == 0 ? "CS still busy" : hl_last_error(b->dev));
		return -1;
	}
	printf("BENCH rtt %s%s %" PRIu64 " %.0f\n", names[kind],
	       pipelined ? "-pipelined" : "", n, n / dt);
	return 0;
}

static void usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage: %s [-d INDEX] [--min-size B] [--max-size B] [--seconds S] [--quick]\n"
		"LIN_DMA host<->DRAM throughput (CS submit->wait), memcpy, and\n"
		"tiny-submission round trips.  Sizes go up by 4x from min (4 KiB)\n"
		"to max (256 MiB).  --quick: 0.2 s per figure, max 16 MiB.\n",
		argv0);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "min-size", required_argument, NULL, 'n' },
		{ "max-size", required_argument, NULL, 'm' },
		{ "seconds", required_argument, NULL, 's' },
		{ "quick", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bench b = { .seconds = 1.0 };
	uint64_t min_size = 4096, max_size = 256 * MiB, size;
	unsigned int index = 0;
	int c, rc, ret = 1;

	while ((c = getopt_long(argc, argv, "d:n:m:s:qh", lopts, NULL)) != -1) {
		switch (c) {
		case 'd': index = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 'n': min_size = strtoull(optarg, NULL, 0); break;
		case 'm': max_size = strtoull(optarg, NULL, 0); break;
		case 's': b.seconds = strtod(optarg, NULL); break;
		case 'q': b.seconds = 0.2; max_size = 16 * MiB; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (!min_size || min_size > max_size || max_size > 0xFFFFFFFFull ||
	    b.seconds <= 0) {
		usage(stderr, argv[0]);
		return 2;
	}

	rc = hl_open(index, &b.dev);
	if (rc) {
		fprintf(stderr, "hl-bench: open /dev/hl%u: %s\n", index,
			hl_strerror(rc));
		return 1;
	}
	rc = hl_host_buf_alloc(b.dev, max_size, &b.src);
	if (!rc)
		rc = hl_host_buf_alloc(b.dev, max_size, &b.dst);
	if (!rc)
		rc = hl_dram_buf_alloc(b.dev, max_size, &b.dram);
	if (!rc)
		rc = hl_cb_alloc(b.dev, 4096, &b.cb);
	if (rc) {
		fprintf(stderr, "hl-bench: %s\n", hl_last_error(b.dev));
		goto out;
	}
	{
		uint64_t x = 0x9E3779B97F4A7C15ull;

		for (size = 0; size + 8 <= max_size; size += 8) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			memcpy(b.src.ptr + size, &x, 8);
		}
	}

	/* warm up: the first CS does the context switch; a memset over the
	 * whole DRAM buffer makes the device back it (first touch is slow in
	 * the emulator and would be measured otherwise) */
	if (timed_dma(&b, GOYA_QUEUE_ID_DMA_1, b.src.va, b.dram.va, 4096,
		      HL_DMA_HOST_TO_DRAM) < 0 ||
	    hl_dma_sync(b.dev, GOYA_QUEUE_ID_DMA_0, 0x5A5A5A5A5A5A5A5Aull,
			b.dram.va, (uint32_t)max_size, HL_DMA_DRAM_TO_DRAM,
			GOYA_PKT_LIN_DMA_MEMSET, WAIT_US)) {
		fprintf(stderr, "hl-bench: warm-up: %s\n", hl_last_error(b.dev));
		goto out;
	}

	for (size = min_size; size <= max_size; size *= 4) {
		bench_memcpy(&b, size);
		if (bench_dma(&b, size))
			goto out;
		fflush(stdout);
	}
	if (bench_rtt(&b, 0, false) || bench_rtt(&b, 1, false) ||
	    bench_rtt(&b, 0, true))
		goto out;
	printf("BENCH done\n");
	ret = 0;
out:
	hl_cb_free(b.dev, &b.cb);
	hl_dram_buf_free(b.dev, &b.dram);
	hl_host_buf_free(b.dev, &b.dst);
	hl_host_buf_free(b.dev, &b.src);
	hl_close(b.dev);
	return ret;
}
