// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libhl: run-time choice between the two habanalabs driver interfaces.
 *
 *   misc  (Linux <= 6.2, drivers/misc/habanalabs, <misc/habanalabs.h>):
 *         /dev/hlN, /dev/hl_controlDN, ioctls _IOWR('H', 0x01.., ...),
 *         attributes in /sys/class/habanalabs/hlN/
 *   accel (Linux >= 6.3, drivers/accel/habanalabs, <drm/habanalabs_accel.h>):
 *         /dev/accel/accelN, /dev/accel/accel_controlDN, DRM ioctls
 *         DRM_IOWR(DRM_COMMAND_BASE + 0x00.., ...), attributes on the PCI
 *         device (/sys/class/accel/accelN/device/)
 *
 * The argument structures are the same in both (the accel header only adds
 * fields inside unions/reserved space), so the rest of libhl keeps using
 * <misc/habanalabs.h> and the requests are re-encoded here for accel: same
 * direction and argument size, DRM type and command number.  The kernel's
 * DRM and habanalabs ioctl paths both copy exactly the user's size and
 * zero-fill the rest.
 *
 * This file must not include <misc/habanalabs.h>: the accel header defines
 * HL_IOCTL_INFO.. as bare command numbers.  The accel header is not in
 * bookworm's linux-libc-dev (6.1); meson takes it from the installed
 * linux-headers-6.12 (HAVE_HL_ACCEL_H).  Without it libhl speaks misc only.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#ifdef HAVE_HL_ACCEL_H
#include <drm/drm.h>
#include <drm/habanalabs_accel.h>
#endif

#include "hl_iface.h"

/* Command numbers of the misc interface (_IOC_NR of HL_IOCTL_*), checked
 * against <misc/habanalabs.h> in hl_device.c. */
#define MISC_NR_INFO	0x01
#define MISC_NR_CB	0x02
#define MISC_NR_CS	0x03
#define MISC_NR_WAIT_CS	0x04
#define MISC_NR_MEMORY	0x05
#define MISC_NR_DEBUG	0x06
#define MISC_TYPE	'H'

#ifdef HAVE_HL_ACCEL_H
static const struct {
	unsigned int misc_nr;
	unsigned int accel_cmd;
	unsigned long accel_req;	/* the header's own encoding */
} xlate[] = {
	{ MISC_NR_INFO,    HL_IOCTL_INFO,    DRM_IOCTL_HL_INFO },
	{ MISC_NR_CB,      HL_IOCTL_CB,      DRM_IOCTL_HL_CB },
	{ MISC_NR_CS,      HL_IOCTL_CS,      DRM_IOCTL_HL_CS },
	{ MISC_NR_WAIT_CS, HL_IOCTL_WAIT_CS, DRM_IOCTL_HL_WAIT_CS },
	{ MISC_NR_MEMORY,  HL_IOCTL_MEMORY,  DRM_IOCTL_HL_MEMORY },
	{ MISC_NR_DEBUG,   HL_IOCTL_DEBUG,   DRM_IOCTL_HL_DEBUG },
};
#endif

bool hl__iface_accel_supported(void)
{
#ifdef HAVE_HL_ACCEL_H
	return true;
#else
	return false;
#endif
}

unsigned long hl__iface_req(enum hl_iface iface, unsigned long req)
{
#ifdef HAVE_HL_ACCEL_H
	size_t i;

	if (iface != HL_IFACE_ACCEL || _IOC_TYPE(req) != MISC_TYPE)
		return req;
	for (i = 0; i < sizeof(xlate) / sizeof(xlate[0]); i++) {
		if (xlate[i].misc_nr != _IOC_NR(req))
			continue;
		return _IOC(_IOC_DIR(xlate[i].accel_req),
			    _IOC_TYPE(xlate[i].accel_req),
			    _IOC_NR(xlate[i].accel_req), _IOC_SIZE(req));
	}
#endif
	return req;
}

/* fd -> interface, for hl__ioctl() which only sees the fd. */
#define FD_TABLE 1024
static unsigned char fd_iface[FD_TABLE];

void hl__iface_set_fd(int fd, enum hl_iface iface)
{
	if (fd >= 0 && fd < FD_TABLE)
		fd_iface[fd] = (unsigned char)iface;
}

enum hl_iface hl__iface_of_fd(int fd)
{
	struct stat st;

	if (fd >= 0 && fd < FD_TABLE)
		return (enum hl_iface)fd_iface[fd];
	/* Rare: large fds.  The accel char devices have major ACCEL_MAJOR. */
	if (fstat(fd, &st) == 0 && S_ISCHR(st.st_mode) &&
	    major(st.st_rdev) == HL_ACCEL_MAJOR)
		return HL_IFACE_ACCEL;
	return HL_IFACE_MISC;
}

static bool exists(const char *fmt, const char *root)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), fmt, root);
	return stat(path, &st) == 0;
}

enum hl_iface hl__iface(void)
{
	const char *env = getenv("HL_IFACE");
	const char *sys = hl__sysfs_root(), *dev = hl__dev_dir();

	if (env && !strcmp(env, "accel"))
		return HL_IFACE_ACCEL;
	if (env && !strcmp(env, "misc"))
		return HL_IFACE_MISC;
	if (exists("%s/class/habanalabs", sys) || exists("%s/hl_controlD0", dev) ||
	    exists("%s/hl0", dev))
		return HL_IFACE_MISC;
	if (exists("%s/class/accel", sys) || exists("%s/accel", dev))
		return HL_IFACE_ACCEL;
	return HL_IFACE_MISC;
}

const char *hl__iface_name(enum hl_iface iface)
{
	return iface == HL_IFACE_ACCEL ? "accel" : "misc";
}

int hl__node_path(enum hl_iface iface, unsigned int index, bool control,
		  char *buf, size_t len)
{
	const char *dev = hl__dev_dir();
	int n;

	if (iface == HL_IFACE_ACCEL)
		n = snprintf(buf, len, "%s/accel/accel%s%u", dev,
			     control ? "_controlD" : "", index);
	else
		n = snprintf(buf, len, "%s/hl%s%u", dev,
			     control ? "_controlD" : "", index);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int hl__sysfs_attr_path(enum hl_iface iface, unsigned int index,
			const char *attr, char *buf, size_t len)
{
	const char *sys = hl__sysfs_root();
	int n;

	if (iface != HL_IFACE_ACCEL)
		n = snprintf(buf, len, "%s/class/habanalabs/hl%u/%s", sys, index,
			     attr);
	else if (!strcmp(attr, "device") || !strncmp(attr, "device/", 7))
		/* "device" means the PCI device, as in the misc class dir */
		n = snprintf(buf, len, "%s/class/accel/accel%u/%s", sys, index,
			     attr);
	else
		/* the driver's attributes live on the PCI device */
		n = snprintf(buf, len, "%s/class/accel/accel%u/device/%s", sys,
			     index, attr);
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

int hl__count_path(enum hl_iface iface, unsigned int index, char *buf,
		   size_t len)
{
	char cls[512];
	struct stat st;
	int n;

	if (iface == HL_IFACE_ACCEL) {
		snprintf(cls, sizeof(cls), "%s/class/accel", hl__sysfs_root());
		if (stat(cls, &st) == 0)
			n = snprintf(buf, len, "%s/accel%u", cls, index);
		else
			n = snprintf(buf, len, "%s/accel/accel%u", hl__dev_dir(),
				     index);
	} else {
		snprintf(cls, sizeof(cls), "%s/class/habanalabs",
			 hl__sysfs_root());
		if (stat(cls, &st) == 0)
			n = snprintf(buf, len, "%s/hl%u", cls, index);
		else
			n = snprintf(buf, len, "%s/hl%u", hl__dev_dir(), index);
	}
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	return 0;
}

const char *hl_iface_name(void)
{
	return hl__iface_name(hl__iface());
}
