// SPDX-License-Identifier: GPL-2.0-or-later
/* libhl: command submission and wait (HL_IOCTL_CS / HL_IOCTL_WAIT_CS). */
#include <errno.h>
#include <string.h>

#include "hl_priv.h"

_Static_assert(sizeof(struct hl_cs_chunk) == 64, "hl_cs_chunk layout");
_Static_assert(sizeof(union hl_cs_args) == 48, "hl_cs_args layout");
_Static_assert(sizeof(union hl_wait_cs_args) == 56, "hl_wait_cs_args layout");

void hl_chunk_init(struct hl_cs_chunk *chunk, uint32_t queue, uint64_t cb,
		   uint32_t size)
{
	memset(chunk, 0, sizeof(*chunk));
	chunk->cb_handle = cb;
	chunk->queue_index = queue;
	chunk->cb_size = size;
}

int hl_cs_submit(struct hl_dev *dev,
		 const struct hl_cs_chunk *restore, uint32_t n_restore,
		 const struct hl_cs_chunk *exec, uint32_t n_exec,
		 uint32_t flags, uint32_t timeout_s, uint64_t *seq)
{
	union hl_cs_args args;
	int rc;

	if (n_restore > HL_MAX_JOBS_PER_CS || n_exec > HL_MAX_JOBS_PER_CS ||
	    (n_restore && !restore) || (n_exec && !exec))
		return hl__fail(dev, -EINVAL,
				"CS submit: bad chunk arrays (restore %u, exec %u, max %u)",
				n_restore, n_exec, HL_MAX_JOBS_PER_CS);
	memset(&args, 0, sizeof(args));
	args.in.chunks_restore = (uint64_t)(uintptr_t)restore;
	args.in.chunks_execute = (uint64_t)(uintptr_t)exec;
	args.in.num_chunks_restore = n_restore;
	args.in.num_chunks_execute = n_exec;
	args.in.cs_flags = flags;
	args.in.timeout = timeout_s;
	rc = hl__ioctl(dev->fd, HL_IOCTL_CS, &args);
	if (rc) {
		if (n_exec)
			return hl__fail(dev, rc,
					"CS submit (exec %u chunks, first on queue %u size %u, restore %u, flags 0x%x)",
					n_exec, exec[0].queue_index, exec[0].cb_size,
					n_restore, flags);
		return hl__fail(dev, rc, "CS submit (restore %u, flags 0x%x)",
				n_restore, flags);
	}
	if (seq)
		*seq = args.out.seq;
	return 0;
}

int hl_cs_submit_cb(struct hl_dev *dev, uint32_t queue, uint64_t cb,
		    uint32_t size, uint64_t *seq)
{
	struct hl_cs_chunk chunk;

	hl_chunk_init(&chunk, queue, cb, size);
	return hl_cs_submit(dev, NULL, 0, &chunk, 1, 0, 0, seq);
}

const char *hl_cs_status_name(uint32_t status)
{
	switch (status) {
	case HL_WAIT_CS_STATUS_COMPLETED: return "completed";
	case HL_WAIT_CS_STATUS_BUSY: return "busy";
	case HL_WAIT_CS_STATUS_TIMEDOUT: return "timed out";
	case HL_WAIT_CS_STATUS_ABORTED: return "aborted";
	default: return "unknown";
	}
}

int hl_cs_wait(struct hl_dev *dev, uint64_t seq, uint64_t timeout_us,
	       uint32_t *status)
{
	union hl_wait_cs_args args;
	int rc;

	memset(&args, 0, sizeof(args));
	args.in.seq = seq;
	args.in.timeout_us = timeout_us;
	rc = hl__ioctl(dev->fd, HL_IOCTL_WAIT_CS, &args);
	if (status)
		*status = args.out.status;
	if (rc)
		return hl__fail(dev, rc, "CS wait (seq %llu, timeout %llu us, status %s)",
				(unsigned long long)seq,
				(unsigned long long)timeout_us,
				hl_cs_status_name(args.out.status));
	if (args.out.status == HL_WAIT_CS_STATUS_COMPLETED)
		return 1;
	if (args.out.status == HL_WAIT_CS_STATUS_BUSY)
		return 0;
	return hl__fail(dev, -EIO, "CS wait (seq %llu): unexpected status %u",
			(unsigned long long)seq, args.out.status);
}
