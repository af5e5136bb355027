// SPDX-License-Identifier: GPL-2.0-or-later
/* libhl: error texts. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hl_priv.h"

struct err_note {
	int err;
	const char *text;
};

/* What the habanalabs driver means by each code (6.1 behaviour). */
static const struct err_note notes[] = {
	{ EPERM, "Operation not permitted (not allowed on this ASIC, e.g. MAP_BLOCK on Goya, or needs privileges)" },
	{ ENOENT, "No such file or directory (no such device node or sysfs attribute)" },
	{ EINTR, "Interrupted system call (wait interrupted by a signal)" },
	{ EIO, "Input/output error (CS aborted by a reset, or the device CPU failed a request)" },
	{ ENXIO, "No such device or address" },
	{ EBADF, "Bad file descriptor (handle closed)" },
	{ EAGAIN, "Resource temporarily unavailable (too many command submissions in flight)" },
	{ ENOMEM, "Cannot allocate memory (host or device memory exhausted)" },
	{ EACCES, "Permission denied (device node not accessible)" },
	{ EFAULT, "Bad address (user buffer or pointer invalid, or host memory could not be pinned)" },
	{ EBUSY, "Device or resource busy (device not operational / in reset, or the compute context is already open)" },
	{ ENODEV, "No such device (device removed or needs a hard reset: close all handles)" },
	{ EINVAL, "Invalid argument (bad opcode/queue/size, packet rejected by the CS parser, or operation unsupported on Goya)" },
	{ ENOSPC, "No space left on device (command buffer full)" },
	{ ENOTTY, "Inappropriate ioctl for device (not a habanalabs node, or ioctl not allowed on the control node)" },
	{ ERANGE, "Numerical result out of range" },
	{ ENAMETOOLONG, "File name too long" },
	{ ENOSYS, "Function not implemented" },
	{ ETIMEDOUT, "Connection timed out (command submission or device CPU request timed out)" },
	{ EOPNOTSUPP, "Operation not supported (e.g. dma-buf export on Goya)" },
	{ ECANCELED, "Operation canceled" },
};

const char *hl_strerror(int err)
{
	static __thread char buf[96];
	size_t i;

	if (err < 0)
		err = -err;
	if (err == 0)
		return "Success";
	for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++)
		if (notes[i].err == err)
			return notes[i].text;
	snprintf(buf, sizeof(buf), "%s (errno %d)", strerror(err), err);
	return buf;
}

int hl__fail(struct hl_dev *dev, int err, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!dev)
		return err;
	va_start(ap, fmt);
	n = vsnprintf(dev->last_error, sizeof(dev->last_error), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n < sizeof(dev->last_error))
		snprintf(dev->last_error + n, sizeof(dev->last_error) - n,
			 ": %s", hl_strerror(err));
	dev->last_errno = err;
	return err;
}

const char *hl_last_error(const struct hl_dev *dev)
{
	return dev ? dev->last_error : "";
}

int hl_last_errno(const struct hl_dev *dev)
{
	return dev ? dev->last_errno : 0;
}
