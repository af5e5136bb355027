// SPDX-License-Identifier: GPL-2.0-or-later
/* libhl: command buffers (HL_IOCTL_CB) and their mmap. */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hl_priv.h"

_Static_assert(sizeof(union hl_cb_args) == 24, "hl_cb_args layout");

int hl_cb_create(struct hl_dev *dev, uint32_t size, uint64_t *handle)
{
	union hl_cb_args args;
	int rc;

	if (size == 0 || size > HL_MAX_CB_SIZE)
		return hl__fail(dev, -EINVAL, "CB create: size %u not in 1..%u",
				size, (unsigned int)HL_MAX_CB_SIZE);
	memset(&args, 0, sizeof(args));
	args.in.op = HL_CB_OP_CREATE;
	args.in.cb_size = size;
	rc = hl__ioctl(dev->fd, HL_IOCTL_CB, &args);
	if (rc)
		return hl__fail(dev, rc, "CB create (size %u)", size);
	*handle = args.out.cb_handle;
	return 0;
}

int hl_cb_destroy(struct hl_dev *dev, uint64_t handle)
{
	union hl_cb_args args;
	int rc;

	memset(&args, 0, sizeof(args));
	args.in.op = HL_CB_OP_DESTROY;
	args.in.cb_handle = handle;
	rc = hl__ioctl(dev->fd, HL_IOCTL_CB, &args);
	if (rc)
		return hl__fail(dev, rc, "CB destroy (handle 0x%llx)",
				(unsigned long long)handle);
	return 0;
}

int hl_cb_usage(struct hl_dev *dev, uint64_t handle, uint32_t *usage_cnt)
{
	union hl_cb_args args;
	int rc;

	memset(&args, 0, sizeof(args));
	args.in.op = HL_CB_OP_INFO;
	args.in.cb_handle = handle;
	rc = hl__ioctl(dev->fd, HL_IOCTL_CB, &args);
	if (rc)
		return hl__fail(dev, rc, "CB info (handle 0x%llx)",
				(unsigned long long)handle);
	*usage_cnt = args.out.usage_cnt;
	return 0;
}

size_t hl_cb_map_size(uint32_t size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	if (size == 0)
		return page;
	return ((size_t)size + page - 1) / page * page;
}

int hl_cb_mmap(struct hl_dev *dev, uint64_t handle, uint32_t size, void **ptr)
{
	void *p;

	/* The CB handle is the mmap offset (it already carries the type bits
	 * and is page aligned). */
	p = mmap(NULL, hl_cb_map_size(size), PROT_READ | PROT_WRITE, MAP_SHARED,
		 dev->fd, (off_t)handle);
	if (p == MAP_FAILED)
		return hl__fail(dev, -errno, "CB mmap (handle 0x%llx, size %u)",
				(unsigned long long)handle, size);
	*ptr = p;
	return 0;
}

int hl_cb_munmap(void *ptr, uint32_t size)
{
	if (munmap(ptr, hl_cb_map_size(size)) < 0)
		return -errno;
	return 0;
}

int hl_cb_alloc(struct hl_dev *dev, uint32_t size, struct hl_cb *cb)
{
	uint64_t handle;
	void *ptr;
	int rc;

	memset(cb, 0, sizeof(*cb));
	rc = hl_cb_create(dev, size, &handle);
	if (rc)
		return rc;
	rc = hl_cb_mmap(dev, handle, size, &ptr);
	if (rc) {
		int saved = dev->last_errno;
		char msg[sizeof(dev->last_error)];

		memcpy(msg, dev->last_error, sizeof(msg));
		hl_cb_destroy(dev, handle);
		memcpy(dev->last_error, msg, sizeof(msg));
		dev->last_errno = saved;
		return rc;
	}
	cb->handle = handle;
	cb->ptr = ptr;
	cb->size = size;
	return 0;
}

int hl_cb_free(struct hl_dev *dev, struct hl_cb *cb)
{
	int rc = 0, rc2;

	if (cb->ptr) {
		rc = hl_cb_munmap(cb->ptr, cb->size);
		if (rc)
			hl__fail(dev, rc, "CB munmap");
		cb->ptr = NULL;
	}
	if (cb->handle) {
		rc2 = hl_cb_destroy(dev, cb->handle);
		if (!rc)
			rc = rc2;
		cb->handle = 0;
	}
	cb->size = 0;
	return rc;
}
