/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Helpers shared by the in-guest error and MMU tests (tests/guest/errors,
 * tests/guest/mmu): TAP-style reporting, the kernel log (/dev/kmsg) as a
 * stream of new lines, one-shot submissions, DMA copies, recovery after a
 * compute reset.  Header-only (static functions) so that each test stays a
 * single static program.
 */
#ifndef GT_COMMON_H
#define GT_COMMON_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>
#include <limits.h>

#include <hl/hl.h>

#define SZ_4K		0x1000ull
#define SZ_64K		0x10000ull
#define SZ_1M		0x100000ull
#define SZ_2M		0x200000ull

#define GT_CFG_BASE		0x7FFC000000ull
#define GT_HOST_PHYS_BASE	0x8000000000ull
/* DMA QMAN n CP_FENCE0_RDATA (n = 0..4): 0x400158 + n * 0x8000 */
#define GT_DMA_QM_FENCE0_RDATA(n) (GT_CFG_BASE + 0x400158ull + (n) * 0x8000ull)

struct gt {
	struct hl_dev *dev;
	struct hl_info_hw_ip_info ip;
	int kmsg;
	int pass, fail;
	/* kernel log lines seen since the last gt_log_mark() */
	char *log;
	size_t log_len, log_cap;
};

static int gt_verbose;

static inline void gt_ok(struct gt *t, bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", ok ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	if (ok)
		t->pass++;
	else
		t->fail++;
}

/* ---- diagnostics and random data ---- */

static inline void gt_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* xorshift64*: reproducible data from a seed kept by the caller */
static inline uint64_t gt_rand(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545F4914F6CDD1Dull;
}

static inline void gt_fill_random(uint64_t *state, uint8_t *p, size_t len)
{
	size_t i = 0;

	for (; i + 8 <= len; i += 8) {
		uint64_t v = gt_rand(state);

		memcpy(p + i, &v, 8);
	}
	for (; i < len; i++)
		p[i] = (uint8_t)gt_rand(state);
}

static inline double gt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- kernel log ---- */

static inline void gt_log_append(struct gt *t, const char *s, size_t n)
{
	if (t->log_len + n + 2 > t->log_cap) {
		t->log_cap = (t->log_len + n + 2) * 2;
		t->log = realloc(t->log, t->log_cap);
		if (!t->log) {
			perror("realloc");
			exit(1);
		}
	}
	memcpy(t->log + t->log_len, s, n);
	t->log_len += n;
	t->log[t->log_len] = '\0';
}

/* Read every kmsg record available now; keep the message text only. */
static inline void gt_log_drain(struct gt *t)
{
	char rec[8192];

	for (;;) {
		ssize_t n = read(t->kmsg, rec, sizeof(rec) - 1);
		char *msg;

		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: skip */
		if (n <= 0)
			return;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		msg = msg ? msg + 1 : rec;
		gt_log_append(t, msg, strlen(msg));
		if (gt_verbose)
			printf("  kmsg: %s", msg);
	}
}

/* Forget what was logged so far: later checks see only new lines. */
static inline void gt_log_mark(struct gt *t)
{
	gt_log_drain(t);
	t->log_len = 0;
	if (t->log)
		t->log[0] = '\0';
}

static inline bool gt_log_has(struct gt *t, const char *needle)
{
	gt_log_drain(t);
	return t->log && strstr(t->log, needle);
}

/* Wait up to @ms for @needle to appear in the new kernel log lines. */
static inline bool gt_log_wait(struct gt *t, const char *needle, int ms)
{
	double end = gt_now() + ms / 1000.0;

	for (;;) {
		if (gt_log_has(t, needle))
			return true;
		if (gt_now() > end)
			return false;
		usleep(20000);
	}
}

/* Print the new kernel log lines that mention habanalabs (diagnostics). */
static inline void gt_log_dump(struct gt *t, const char *why)
{
	gt_log_drain(t);
	printf("  --- kernel log since the case started (%s):\n%s  ---\n", why,
	       t->log ? t->log : "");
}

/* ---- set-up ---- */

/* sysfs directory of the first Habana PCI function (1da3:0001). */
static inline int gt_pci_dir(char *buf, size_t len)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *de;
	int rc = -ENOENT;

	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char path[PATH_MAX], id[32] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vendor",
			 de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(id, sizeof(id), f) && strtoul(id, NULL, 0) == 0x1da3) {
			snprintf(buf, len, "/sys/bus/pci/devices/%s", de->d_name);
			rc = 0;
		}
		fclose(f);
		if (!rc)
			break;
	}
	closedir(d);
	return rc;
}

static inline int gt_open(struct gt *t)
{
	int rc;

	memset(t, 0, sizeof(*t));
	t->kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (t->kmsg < 0) {
		perror("/dev/kmsg");
		return -errno;
	}
	lseek(t->kmsg, 0, SEEK_END);
	rc = hl_open(0, &t->dev);
	if (rc) {
		fprintf(stderr, "open /dev/hl0: %s\n", hl_strerror(rc));
		return rc;
	}
	rc = hl_info_hw_ip(t->dev, &t->ip);
	if (rc)
		fprintf(stderr, "%s\n", hl_last_error(t->dev));
	return rc;
}

/* Anonymous host memory, faulted in, with @guard bytes of 0xE7 around it. */
struct gt_hbuf {
	uint8_t *region;	/* guard | buf | guard */
	size_t region_len;
	uint8_t *p;		/* the buffer */
	size_t len;
	size_t guard;
	uint64_t va;		/* device VA (0 = not mapped) */
};

#define GT_GUARD_BYTE 0xE7

static inline int gt_hbuf_alloc(struct gt_hbuf *b, size_t len, size_t guard,
			 size_t misalign)
{
	memset(b, 0, sizeof(*b));
	b->region_len = (guard + misalign + len + guard + SZ_4K - 1) &
			~(SZ_4K - 1);
	b->region = mmap(NULL, b->region_len, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (b->region == MAP_FAILED) {
		b->region = NULL;
		return -ENOMEM;
	}
	memset(b->region, GT_GUARD_BYTE, b->region_len);
	b->p = b->region + guard + misalign;
	b->len = len;
	b->guard = guard;
	memset(b->p, 0, len);
	return 0;
}

static inline void gt_hbuf_free(struct gt *t, struct gt_hbuf *b)
{
	if (b->va)
		hl_mem_unmap(t->dev, b->va);
	if (b->region)
		munmap(b->region, b->region_len);
	memset(b, 0, sizeof(*b));
}

/* Everything in the region outside [p, p+len) still holds the guard byte. */
static inline bool gt_hbuf_guard_ok(const struct gt_hbuf *b, size_t *bad_off)
{
	size_t off = b->p - b->region;

	for (size_t i = 0; i < b->region_len; i++) {
		if (i >= off && i < off + b->len)
			continue;
		if (b->region[i] != GT_GUARD_BYTE) {
			*bad_off = i;
			return false;
		}
	}
	return true;
}

static inline int gt_hbuf_map(struct gt *t, struct gt_hbuf *b, uint64_t hint)
{
	int rc = hl_mem_map_host(t->dev, b->p, b->len, hint, &b->va);

	if (rc)
		fprintf(stderr, "map host %zu bytes: %s\n", b->len,
			hl_last_error(t->dev));
	return rc;
}

static inline void gt_fill(uint8_t *p, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		p[i] = (uint8_t)(x >> 16);
	}
}

/* ---- submissions ---- */

/*
 * Submit one CS made of external-queue CB @pkts (copied into a fresh
 * kernel CB) on @queue plus optional internal jobs.  @timeout_s != 0 sets
 * a custom CS timeout.  Returns the submit errno (negative) or, once
 * submitted, the hl_cs_wait() result: 1 completed, -ETIMEDOUT, -EIO...
 * *@submitted tells which of the two it was.
 */
static inline int gt_cs(struct gt *t, uint32_t queue, const void *pkts,
		 uint32_t len, uint32_t cb_size_override,
		 const struct hl_cs_chunk *extra, unsigned n_extra,
		 uint32_t timeout_s, bool *submitted)
{
	struct hl_cs_chunk chunks[8];
	struct hl_cb cb = { 0 };
	uint32_t status = 0;
	unsigned n = 0;
	uint64_t seq;
	int rc;

	*submitted = false;
	if (pkts) {
		rc = hl_cb_alloc(t->dev, len ? len : 8, &cb);
		if (rc)
			return rc;
		memcpy(cb.ptr, pkts, len);
		hl_chunk_init(&chunks[n++], queue, cb.handle,
			      cb_size_override ? cb_size_override : len);
	}
	for (unsigned i = 0; i < n_extra && n < 8; i++)
		chunks[n++] = extra[i];
	rc = hl_cs_submit(t->dev, NULL, 0, chunks, n,
			  timeout_s ? HL_CS_FLAGS_CUSTOM_TIMEOUT : 0,
			  timeout_s, &seq);
	if (!rc) {
		*submitted = true;
		rc = hl_cs_wait(t->dev, seq, 30000000, &status);
		if (gt_verbose)
			printf("  CS %" PRIu64 ": wait %d status %s\n", seq, rc,
			       hl_cs_status_name(status));
	}
	hl_cb_free(t->dev, &cb);
	return rc;
}

/* One LIN_DMA on @queue, waited for; 0 on completion. */
static inline int gt_dma(struct gt *t, uint32_t queue, uint64_t src, uint64_t dst,
		  uint32_t size, uint32_t dir, uint32_t extra)
{
	struct goya_cb_builder b;
	uint8_t buf[64];
	bool sub;
	int rc;

	goya_cb_init(&b, buf, sizeof(buf));
	goya_cb_lin_dma(&b, src, dst, size, dir,
			GOYA_PKT_MB | GOYA_PKT_EB | extra);
	if (b.err)
		return b.err;
	rc = gt_cs(t, queue, buf, b.len, 0, NULL, 0, 0, &sub);
	if (rc == 1)
		return 0;
	fprintf(stderr, "DMA q%u 0x%" PRIx64 " -> 0x%" PRIx64 " size %u: %s\n",
		queue, src, dst, size, hl_last_error(t->dev));
	return rc ? rc : -EIO;
}

/* Poll the device status until Operational (up to @ms). */
static inline bool gt_wait_operational(struct gt *t, int ms)
{
	double end = gt_now() + ms / 1000.0;
	uint32_t st = 0;

	do {
		if (!hl_info_device_status(t->dev, &st) &&
		    st == HL_DEVICE_STATUS_OPERATIONAL)
			return true;
		usleep(50000);
	} while (gt_now() < end);
	printf("  device status: %s\n", hl_device_status_name(st));
	return false;
}

static inline int gt_reset_counts(struct gt *t, uint32_t *hard, uint32_t *soft)
{
	struct hl_info_reset_count rc = { 0 };
	int r = hl_info_reset_count(t->dev, &rc);

	*hard = rc.hard_reset_cnt;
	*soft = rc.soft_reset_cnt;
	return r;
}

#endif
