// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hl-dma - DMA copy-and-verify through the habanalabs uapi:
 *
 *   host buffer A --LIN_DMA (queue DMA_1)--> device memory
 *   device memory --LIN_DMA (queue DMA_2)--> host buffer B,  compare A == B
 *
 * Device memory is DRAM (allocated with HL_MEM_OP_ALLOC and mapped into the
 * device VA space) or, with --sram, the start of the user SRAM reported by
 * HW_IP_INFO (SRAM is addressed physically).  Host buffers are pinned and
 * mapped with HL_MEM_USERPTR.  Each leg is one CS holding one CB with one
 * LIN_DMA packet; the kernel parser appends the completion packets.
 *
 * Constraints from the 6.1 driver (goya_cs_parser): only queue DMA_1 may
 * read host memory; a LIN_DMA must have tsize != 0.
 *
 * Exit status: 0 data verified, 1 failure, 2 usage error.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include <hl/hl.h>

#define SZ_2M (2ull << 20)

struct opts {
	unsigned int index;
	uint32_t size;
	bool sram;
	bool memset_only;
	uint32_t h2d_queue;
	uint32_t d2h_queue;
	uint64_t timeout_us;
	uint32_t seed;
	bool verbose;
};

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *host_alloc(size_t size)
{
	size_t len = (size + SZ_2M - 1) / SZ_2M * SZ_2M;
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	memset(p, 0, len);	/* fault the pages in before pinning */
	return p;
}

static void host_free(void *p, size_t size)
{
	if (p)
		munmap(p, (size + SZ_2M - 1) / SZ_2M * SZ_2M);
}

/* Build a one-packet CB, submit it and wait for it. */
static int run_lin_dma(struct hl_dev *dev, const struct opts *o, uint32_t queue,
		       uint64_t src, uint64_t dst, uint32_t size, uint32_t dir,
		       uint32_t extra, const char *what)
{
	struct goya_cb_builder b;
	struct hl_cb cb;
	uint32_t status = 0;
	uint64_t seq;
	double t0;
	int rc;

	rc = hl_cb_alloc(dev, 4096, &cb);
	if (rc) {
		fprintf(stderr, "%s: %s\n", what, hl_last_error(dev));
		return rc;
	}
	goya_cb_init(&b, cb.ptr, cb.size);
	rc = goya_cb_lin_dma(&b, src, dst, size, dir,
			     GOYA_PKT_MB | GOYA_PKT_EB | extra);
	if (rc) {
		fprintf(stderr, "%s: building LIN_DMA: %s\n", what, hl_strerror(rc));
		goto out;
	}
	if (o->verbose)
		fprintf(stderr, "%s: queue %u LIN_DMA 0x%" PRIx64 " -> 0x%" PRIx64
			" size %u dir %u, CB %zu bytes\n",
			what, queue, src, dst, size, dir, b.len);

	t0 = now_s();
	rc = hl_cs_submit_cb(dev, queue, cb.handle, (uint32_t)b.len, &seq);
	if (rc) {
		fprintf(stderr, "%s: %s\n", what, hl_last_error(dev));
		goto out;
	}
	rc = hl_cs_wait(dev, seq, o->timeout_us, &status);
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", what, hl_last_error(dev));
		goto out;
	}
	if (rc == 0) {
		fprintf(stderr, "%s: CS %" PRIu64 " still busy after %" PRIu64
			" us\n", what, seq, o->timeout_us);
		rc = -ETIMEDOUT;
		goto out;
	}
	rc = 0;
	if (o->verbose) {
		double dt = now_s() - t0;

		fprintf(stderr, "%s: CS %" PRIu64 " %s in %.3f ms (%.1f MB/s)\n",
			what, seq, hl_cs_status_name(status), dt * 1e3,
			size / dt / 1e6);
	}
out:
	hl_cb_free(dev, &cb);
	return rc;
}

static void usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage: %s [-d INDEX] [-s SIZE] [--sram] [--memset] [-q H2D_QUEUE]\n"
		"          [-Q D2H_QUEUE] [-t TIMEOUT_US] [--seed N] [-v]\n"
		"Copy host -> device -> host with LIN_DMA and verify the data.\n"
		"  -s SIZE      bytes (default 65536)\n"
		"  --sram       use SRAM instead of DRAM\n"
		"  --memset     fill device memory with a LIN_DMA memset instead of\n"
		"               copying from the host, then read it back\n"
		"  -q / -Q      queues for the two legs (default 1 and 2)\n"
		"  -t           wait timeout per CS in us (default 5000000)\n",
		argv0);
}

int main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "size", required_argument, NULL, 's' },
		{ "sram", no_argument, NULL, 'S' },
		{ "memset", no_argument, NULL, 'M' },
		{ "h2d-queue", required_argument, NULL, 'q' },
		{ "d2h-queue", required_argument, NULL, 'Q' },
		{ "timeout", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 'r' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct opts o = {
		.size = 65536, .h2d_queue = GOYA_QUEUE_ID_DMA_1,
		.d2h_queue = GOYA_QUEUE_ID_DMA_2, .timeout_us = 5000000,
		.seed = 1,
	};
	struct hl_info_hw_ip_info ip;
	struct hl_dev *dev = NULL;
	uint8_t *src = NULL, *dst = NULL;
	uint64_t src_va = 0, dst_va = 0, dev_addr = 0, mem_handle = 0;
	bool dev_mapped = false;
	const uint64_t pattern = 0xA5A5A5A5A5A5A5A5ull;
	uint32_t i, bad = 0, first_bad = 0;
	int c, rc, ret = 1;

	while ((c = getopt_long(argc, argv, "d:s:q:Q:t:vh", lopts, NULL)) != -1) {
		switch (c) {
		case 'd': o.index = (unsigned int)strtoul(optarg, NULL, 0); break;
		case 's': o.size = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'S': o.sram = true; break;
		case 'M': o.memset_only = true; break;
		case 'q': o.h2d_queue = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'Q': o.d2h_queue = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 't': o.timeout_us = strtoull(optarg, NULL, 0); break;
		case 'r': o.seed = (uint32_t)strtoul(optarg, NULL, 0); break;
		case 'v': o.verbose = true; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (o.size == 0 || optind != argc) {
		usage(stderr, argv[0]);
		return 2;
	}

	rc = hl_open(o.index, &dev);
	if (rc) {
		fprintf(stderr, "open /dev/hl%u: %s\n", o.index, hl_strerror(rc));
		return 1;
	}
	rc = hl_info_hw_ip(dev, &ip);
	if (rc) {
		fprintf(stderr, "%s\n", hl_last_error(dev));
		goto out;
	}

	/* Device side. */
	if (o.sram) {
		if (o.size > ip.sram_size) {
			fprintf(stderr, "size %u exceeds user SRAM (%u)\n",
				o.size, ip.sram_size);
			goto out;
		}
		dev_addr = ip.sram_base_address;
	} else {
		rc = hl_mem_alloc(dev, o.size, 0, 0, &mem_handle);
		if (rc) {
			fprintf(stderr, "%s\n", hl_last_error(dev));
			goto out;
		}
		rc = hl_mem_map_device(dev, mem_handle, 0, &dev_addr);
		if (rc) {
			fprintf(stderr, "%s\n", hl_last_error(dev));
			goto out;
		}
		dev_mapped = true;
	}

	/* Host side. */
	src = host_alloc(o.size);
	dst = host_alloc(o.size);
	if (!src || !dst) {
		fprintf(stderr, "host allocation of %u bytes failed\n", o.size);
		goto out;
	}
	srand(o.seed);
	for (i = 0; i < o.size; i++)
		src[i] = (uint8_t)rand();
	if (o.memset_only)
		memset(src, (int)(pattern & 0xFF), o.size);
	rc = hl_mem_map_host(dev, src, o.size, 0, &src_va);
	if (!rc)
		rc = hl_mem_map_host(dev, dst, o.size, 0, &dst_va);
	if (rc) {
		fprintf(stderr, "%s\n", hl_last_error(dev));
		goto out;
	}
	if (o.verbose)
		fprintf(stderr, "device %s at 0x%" PRIx64 ", host src VA 0x%" PRIx64
			", host dst VA 0x%" PRIx64 "\n", o.sram ? "SRAM" : "DRAM",
			dev_addr, src_va, dst_va);

	/* Leg 1: host (or pattern) -> device. */
	if (o.memset_only)
		rc = run_lin_dma(dev, &o, o.h2d_queue, pattern, dev_addr, o.size,
				 o.sram ? HL_DMA_SRAM_TO_SRAM : HL_DMA_DRAM_TO_DRAM,
				 GOYA_PKT_LIN_DMA_MEMSET, "memset");
	else
		rc = run_lin_dma(dev, &o, o.h2d_queue, src_va, dev_addr, o.size,
				 o.sram ? HL_DMA_HOST_TO_SRAM : HL_DMA_HOST_TO_DRAM,
				 0, "host->device");
	if (rc)
		goto out;

	/* Leg 2: device -> host. */
	rc = run_lin_dma(dev, &o, o.d2h_queue, dev_addr, dst_va, o.size,
			 o.sram ? HL_DMA_SRAM_TO_HOST : HL_DMA_DRAM_TO_HOST,
			 0, "device->host");
	if (rc)
		goto out;

	for (i = 0; i < o.size; i++) {
		if (src[i] != dst[i]) {
			if (!bad)
				first_bad = i;
			bad++;
		}
	}
	if (bad) {
		fprintf(stderr, "MISMATCH: %u of %u bytes differ, first at offset %u "
			"(expected 0x%02x, got 0x%02x)\n", bad, o.size, first_bad,
			src[first_bad], dst[first_bad]);
		goto out;
	}
	printf("hl-dma: %u bytes host->%s->host verified OK\n", o.size,
	       o.sram ? "SRAM" : "DRAM");
	ret = 0;
out:
	if (dst_va)
		hl_mem_unmap(dev, dst_va);
	if (src_va)
		hl_mem_unmap(dev, src_va);
	if (dev_mapped)
		hl_mem_unmap(dev, dev_addr);
	if (mem_handle)
		hl_mem_free(dev, mem_handle);
	host_free(src, o.size);
	host_free(dst, o.size);
	hl_close(dev);
	return ret;
}
