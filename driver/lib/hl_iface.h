/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libhl internals: misc (<= 6.2) vs accel/DRM (>= 6.3) driver interface.
 * Independent of <misc/habanalabs.h> (see hl_iface.c); not installed. */
#ifndef HL_IFACE_H
#define HL_IFACE_H

#include <stdbool.h>
#include <stddef.h>

enum hl_iface {
	HL_IFACE_MISC = 0,	/* /dev/hlN, ioctls 'H' */
	HL_IFACE_ACCEL = 1,	/* /dev/accel/accelN, DRM ioctls */
};

/* ACCEL_MAJOR in include/drm/drm_accel.h */
#define HL_ACCEL_MAJOR 261

/* The interface of this system: env HL_IFACE=misc|accel, else what sysfs
 * (HL_SYSFS_ROOT) / the device directory (HL_DEV_DIR) show; misc if none. */
enum hl_iface hl__iface(void);
const char *hl__iface_name(enum hl_iface iface);
/* Whether libhl was built with <drm/habanalabs_accel.h>. */
bool hl__iface_accel_supported(void);

/* Re-encode a misc HL_IOCTL_* request for @iface (identity for misc). */
unsigned long hl__iface_req(enum hl_iface iface, unsigned long req);

/* Remember / look up the interface of an open fd. */
void hl__iface_set_fd(int fd, enum hl_iface iface);
enum hl_iface hl__iface_of_fd(int fd);

/* Paths: device node, sysfs attribute ("device" and "device/..." name the
 * PCI device), and the entry whose existence counts device @index. */
int hl__node_path(enum hl_iface iface, unsigned int index, bool control,
		  char *buf, size_t len);
int hl__sysfs_attr_path(enum hl_iface iface, unsigned int index,
			const char *attr, char *buf, size_t len);
int hl__count_path(enum hl_iface iface, unsigned int index, char *buf,
		   size_t len);

/* From hl_device.c */
const char *hl__sysfs_root(void);
const char *hl__dev_dir(void);

/* Public (hl.h): "misc" or "accel". */
const char *hl_iface_name(void);

#endif
