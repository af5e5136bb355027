// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * nvme-qd1: 4 KiB O_DIRECT reads or writes at queue depth 1 on a block
 * device for a given time, in the guest (tests/bench/run-bench.sh).  The
 * reference for small Goya submissions: QEMU's nvme device with a null-co
 * backend costs one doorbell, one DMA of the data, one completion and one
 * MSI-X per I/O, like a one-packet CS.
 *
 *   nvme-qd1 DEVICE read|write SECONDS
 *
 * Prints "BENCH nvme <read|write> <count> <per second>"; exit status 0 ok,
 * 1 an I/O failed, 2 usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define IO_SIZE         4096
#define SPAN            (64u << 20)     /* offsets rotate over 64 MiB */

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	uint64_t n = 0;
	double seconds, t0, dt;
	void *buf;
	int fd, write_mode;

	if (argc != 4 || (strcmp(argv[2], "read") && strcmp(argv[2], "write")) ||
	    (seconds = strtod(argv[3], NULL)) <= 0) {
		fprintf(stderr, "usage: %s DEVICE read|write SECONDS\n", argv[0]);
		return 2;
	}
	write_mode = !strcmp(argv[2], "write");
	fd = open(argv[1], (write_mode ? O_WRONLY : O_RDONLY) | O_DIRECT);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	if (posix_memalign(&buf, IO_SIZE, IO_SIZE)) {
		fprintf(stderr, "nvme-qd1: out of memory\n");
		return 1;
	}
	memset(buf, 0xA5, IO_SIZE);
	t0 = now_s();
	do {
		off_t off = (off_t)(n * IO_SIZE % SPAN);
		ssize_t r = write_mode ? pwrite(fd, buf, IO_SIZE, off) :
					 pread(fd, buf, IO_SIZE, off);

		if (r != IO_SIZE) {
			fprintf(stderr, "nvme-qd1: %s at %jd: %s\n", argv[2],
				(intmax_t)off, r < 0 ? strerror(errno) : "short");
			return 1;
		}
		n++;
	} while ((dt = now_s() - t0) < seconds);
	printf("BENCH nvme %s %" PRIu64 " %.0f\n", argv[2], n, n / dt);
	free(buf);
	close(fd);
	return 0;
}
