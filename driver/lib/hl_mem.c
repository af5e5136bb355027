// SPDX-License-Identifier: GPL-2.0-or-later
/* libhl: device memory and host-memory mapping (HL_IOCTL_MEMORY). */
#include <errno.h>
#include <string.h>

#include "hl_priv.h"

_Static_assert(sizeof(union hl_mem_args) == 40, "hl_mem_args layout");

static int mem_ioctl(struct hl_dev *dev, union hl_mem_args *args)
{
	return hl__ioctl(dev->fd, HL_IOCTL_MEMORY, args);
}

int hl_mem_alloc(struct hl_dev *dev, uint64_t size, uint64_t page_size,
		 uint32_t flags, uint64_t *handle)
{
	union hl_mem_args args;
	int rc;

	if (size == 0)
		return hl__fail(dev, -EINVAL, "MEM alloc: size 0");
	memset(&args, 0, sizeof(args));
	args.in.op = HL_MEM_OP_ALLOC;
	args.in.flags = flags;
	args.in.alloc.mem_size = size;
	args.in.alloc.page_size = page_size;
	rc = mem_ioctl(dev, &args);
	if (rc)
		return hl__fail(dev, rc, "MEM alloc (size 0x%llx, page 0x%llx, flags 0x%x)",
				(unsigned long long)size,
				(unsigned long long)page_size, flags);
	*handle = args.out.handle;
	return 0;
}

int hl_mem_free(struct hl_dev *dev, uint64_t handle)
{
	union hl_mem_args args;
	int rc;

	memset(&args, 0, sizeof(args));
	args.in.op = HL_MEM_OP_FREE;
	args.in.free.handle = handle;
	rc = mem_ioctl(dev, &args);
	if (rc)
		return hl__fail(dev, rc, "MEM free (handle 0x%llx)",
				(unsigned long long)handle);
	return 0;
}

int hl_mem_map_device(struct hl_dev *dev, uint64_t handle, uint64_t hint,
		      uint64_t *va)
{
	union hl_mem_args args;
	int rc;

	memset(&args, 0, sizeof(args));
	args.in.op = HL_MEM_OP_MAP;
	args.in.map_device.handle = handle;
	args.in.map_device.hint_addr = hint;
	rc = mem_ioctl(dev, &args);
	if (rc)
		return hl__fail(dev, rc, "MEM map device (handle 0x%llx, hint 0x%llx)",
				(unsigned long long)handle,
				(unsigned long long)hint);
	*va = args.out.device_virt_addr;
	return 0;
}

int hl_mem_map_host(struct hl_dev *dev, void *ptr, uint64_t size,
		    uint64_t hint, uint64_t *va)
{
	union hl_mem_args args;
	int rc;

	if (!ptr || size == 0)
		return hl__fail(dev, -EINVAL, "MEM map host: empty range");
	memset(&args, 0, sizeof(args));
	args.in.op = HL_MEM_OP_MAP;
	args.in.flags = HL_MEM_USERPTR;
	args.in.map_host.host_virt_addr = (uint64_t)(uintptr_t)ptr;
	args.in.map_host.mem_size = size;
	args.in.map_host.hint_addr = hint;
	rc = mem_ioctl(dev, &args);
	if (rc)
		return hl__fail(dev, rc, "MEM map host (%p, size 0x%llx, hint 0x%llx)",
				ptr, (unsigned long long)size,
				(unsigned long long)hint);
	*va = args.out.device_virt_addr;
	return 0;
}

int hl_mem_unmap(struct hl_dev *dev, uint64_t va)
{
	union hl_mem_args args;
	int rc;

	memset(&args, 0, sizeof(args));
	args.in.op = HL_MEM_OP_UNMAP;
	args.in.unmap.device_virt_addr = va;
	rc = mem_ioctl(dev, &args);
	if (rc)
		return hl__fail(dev, rc, "MEM unmap (va 0x%llx)",
				(unsigned long long)va);
	return 0;
}

int hl_mem_export_dmabuf(struct hl_dev *dev, uint64_t addr, uint64_t size,
			 uint32_t flags, int *fd)
{
	union hl_mem_args args;
	int rc;

	memset(&args, 0, sizeof(args));
	args.in.op = HL_MEM_OP_EXPORT_DMABUF_FD;
	args.in.flags = flags;
	args.in.export_dmabuf_fd.handle = addr;
	args.in.export_dmabuf_fd.mem_size = size;
	rc = mem_ioctl(dev, &args);
	if (rc)
		return hl__fail(dev, rc, "MEM export dma-buf (addr 0x%llx, size 0x%llx)",
				(unsigned long long)addr,
				(unsigned long long)size);
	*fd = args.out.fd;
	return 0;
}
