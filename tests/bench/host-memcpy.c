// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * host-memcpy - memcpy() throughput on the host, the reference for the
 * emulated DMA engine (whose copies are memcpy()s in the QEMU process).
 * Same sizes and repetition rule as hl-bench; prints
 *   HOST memcpy <bytes> <reps> <best MB/s> <mean MB/s>
 * Usage: host-memcpy [MIN_SIZE [MAX_SIZE]]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint64_t min = argc > 1 ? strtoull(argv[1], NULL, 0) : 4096;
	uint64_t max = argc > 2 ? strtoull(argv[2], NULL, 0) : 256ull << 20;
	uint8_t *src, *dst;

	if (!min || min > max)
		return 2;
	src = mmap(NULL, max, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	dst = mmap(NULL, max, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (src == MAP_FAILED || dst == MAP_FAILED)
		return 1;
	memset(src, 0x5A, max);
	memset(dst, 0, max);
	for (uint64_t size = min; size <= max; size *= 4) {
		uint64_t reps = (1ull << 30) / size;
		double best = 1e9, sum = 0, t_start = now_s();
		uint64_t r;

		reps = reps < 3 ? 3 : reps > 200 ? 200 : reps;
		for (r = 0; r < reps; r++) {
			double t0 = now_s(), dt;

			memcpy(dst, src, size);
			__asm__ __volatile__("" ::: "memory");
			dt = now_s() - t0;
			best = dt < best ? dt : best;
			sum += dt;
			if (now_s() - t_start > 1.0 && r >= 2) {
				r++;
				break;
			}
		}
		printf("HOST memcpy %" PRIu64 " %" PRIu64 " %.1f %.1f\n", size, r,
		       size / best / 1e6, size * r / sum / 1e6);
	}
	return 0;
}
