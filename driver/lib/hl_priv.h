/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libhl internals, not installed. */
#ifndef HL_PRIV_H
#define HL_PRIV_H

#include <hl/hl.h>

struct hl_dev {
	int fd;
	int index;
	bool control;
	int last_errno;
	char last_error[256];
};

/* Record a failure on @dev ("<what>: <hl_strerror(err)>") and return @err.
 * @err is a negative errno. */
int hl__fail(struct hl_dev *dev, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ioctl(2) retried on EINTR; returns 0 or -errno. */
int hl__ioctl(int fd, unsigned long req, void *arg);

/* Environment-overridable roots. */
const char *hl__sysfs_root(void);
const char *hl__dev_dir(void);

#endif
