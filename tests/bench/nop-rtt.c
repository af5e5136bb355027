// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nop-rtt: one-NOP CSs on queue 0 (DMA 0), submitted and waited one at a
 * time for a given time, in the guest (tests/bench/small-io).  The loop
 * the small-I/O bench traces with ftrace; nothing else runs in it.
 *
 *   nop-rtt SECONDS
 *
 * Prints "BENCH nop-rtt <count> <per second>"; exit status 0 ok, 1 error.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <hl/hl.h>

#define WAIT_US 30000000ull

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct goya_cb_builder b;
	struct hl_dev *dev;
	struct hl_cb cb;
	double seconds = argc > 1 ? strtod(argv[1], NULL) : 0, t0, dt;
	uint64_t seq, n = 0;
	int rc;

	if (argc != 2 || seconds <= 0) {
		fprintf(stderr, "usage: %s SECONDS\n", argv[0]);
		return 1;
	}
	rc = hl_open(0, &dev);
	if (rc) {
		fprintf(stderr, "nop-rtt: open /dev/hl0: %s\n", hl_strerror(rc));
		return 1;
	}
	if (hl_cb_alloc(dev, 4096, &cb)) {
		fprintf(stderr, "nop-rtt: %s\n", hl_last_error(dev));
		return 1;
	}
	goya_cb_init(&b, cb.ptr, cb.size);
	goya_cb_nop(&b, 0);
	t0 = now_s();
	do {
		if (hl_cs_submit_cb(dev, GOYA_QUEUE_ID_DMA_0, cb.handle,
				    (uint32_t)b.len, &seq) ||
		    hl_cs_wait(dev, seq, WAIT_US, NULL) != 1) {
			fprintf(stderr, "nop-rtt: %s\n", hl_last_error(dev));
			return 1;
		}
		n++;
	} while ((dt = now_s() - t0) < seconds);
	printf("BENCH nop-rtt %" PRIu64 " %.0f\n", n, n / dt);
	hl_cb_free(dev, &cb);
	hl_close(dev);
	return 0;
}
