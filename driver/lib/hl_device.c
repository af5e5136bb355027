// SPDX-License-Identifier: GPL-2.0-or-later
/* libhl: opening device nodes, sysfs and hwmon look-ups. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hl_priv.h"
#include "hl_iface.h"

/* hl_iface.c encodes these numbers without <misc/habanalabs.h>. */
_Static_assert(_IOC_NR(HL_IOCTL_INFO) == 0x01 && _IOC_NR(HL_IOCTL_CB) == 0x02 &&
	       _IOC_NR(HL_IOCTL_CS) == 0x03 && _IOC_NR(HL_IOCTL_WAIT_CS) == 0x04 &&
	       _IOC_NR(HL_IOCTL_MEMORY) == 0x05 && _IOC_NR(HL_IOCTL_DEBUG) == 0x06 &&
	       _IOC_TYPE(HL_IOCTL_INFO) == 'H', "misc ioctl numbers");

const char *hl__sysfs_root(void)
{
	const char *s = getenv("HL_SYSFS_ROOT");

	return (s && *s) ? s : "/sys";
}

const char *hl__dev_dir(void)
{
	const char *s = getenv("HL_DEV_DIR");

	return (s && *s) ? s : "/dev";
}

int hl__ioctl(int fd, unsigned long req, void *arg)
{
	int rc;

	req = hl__iface_req(hl__iface_of_fd(fd), req);
	do {
		rc = ioctl(fd, req, arg);
	} while (rc < 0 && errno == EINTR);
	return rc < 0 ? -errno : 0;
}

/* misc or accel, from the node name (accelN, accel_controlDN) */
static enum hl_iface path_iface(const char *path)
{
	const char *b = strrchr(path, '/');

	b = b ? b + 1 : path;
	if (!strncmp(b, "accel", 5))
		return HL_IFACE_ACCEL;
	if (!strncmp(b, "hl", 2))
		return HL_IFACE_MISC;
	return hl__iface();
}

int hl_open_path(const char *path, int index, bool control,
		 struct hl_dev **devp)
{
	struct hl_dev *dev;
	int fd;

	if (!path || !devp)
		return -EINVAL;
	*devp = NULL;
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dev = calloc(1, sizeof(*dev));
	if (!dev) {
		close(fd);
		return -ENOMEM;
	}
	dev->fd = fd;
	hl__iface_set_fd(fd, path_iface(path));
	dev->index = index;
	dev->control = control;
	*devp = dev;
	return 0;
}

static int open_node(unsigned int index, bool control, struct hl_dev **devp)
{
	enum hl_iface iface = hl__iface();
	char path[256];
	int rc;

	if (iface == HL_IFACE_ACCEL && !hl__iface_accel_supported())
		return -EPROTONOSUPPORT;
	rc = hl__node_path(iface, index, control, path, sizeof(path));
	if (rc)
		return rc;
	return hl_open_path(path, (int)index, control, devp);
}

int hl_open(unsigned int index, struct hl_dev **devp)
{
	return open_node(index, false, devp);
}

int hl_open_control(unsigned int index, struct hl_dev **devp)
{
	return open_node(index, true, devp);
}

int hl_close(struct hl_dev *dev)
{
	int rc = 0;

	if (!dev)
		return 0;
	hl__iface_set_fd(dev->fd, HL_IFACE_MISC);
	if (dev->fd >= 0 && close(dev->fd) < 0)
		rc = -errno;
	free(dev);
	return rc;
}

int hl_fd(const struct hl_dev *dev)
{
	return dev->fd;
}

int hl_index(const struct hl_dev *dev)
{
	return dev->index;
}

bool hl_is_control(const struct hl_dev *dev)
{
	return dev->control;
}

int hl_device_count(void)
{
	enum hl_iface iface = hl__iface();
	char path[512];
	struct stat st;
	int i;

	for (i = 0; i < HL_MAX_DEVICES; i++) {
		if (hl__count_path(iface, i, path, sizeof(path)) ||
		    stat(path, &st) != 0)
			break;
	}
	return i;
}

int hl_sysfs_path(unsigned int index, const char *attr, char *buf, size_t len)
{
	return hl__sysfs_attr_path(hl__iface(), index, attr, buf, len);
}

ssize_t hl_sysfs_read(unsigned int index, const char *attr, char *buf,
		      size_t len)
{
	char path[512];
	ssize_t n, total = 0;
	int fd, rc;

	if (!buf || len == 0)
		return -EINVAL;
	buf[0] = '\0';
	rc = hl_sysfs_path(index, attr, path, sizeof(path));
	if (rc)
		return rc;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((size_t)total < len - 1) {
		n = read(fd, buf + total, len - 1 - total);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			close(fd);
			buf[0] = '\0';
			return rc;
		}
		if (n == 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	while (total > 0 && (buf[total - 1] == '\n' || buf[total - 1] == '\r'))
		buf[--total] = '\0';
	return total;
}

int hl_sysfs_read_u64(unsigned int index, const char *attr, uint64_t *val)
{
	char buf[64], *end;
	ssize_t n;

	n = hl_sysfs_read(index, attr, buf, sizeof(buf));
	if (n < 0)
		return (int)n;
	if (n == 0)
		return -EINVAL;
	errno = 0;
	*val = strtoull(buf, &end, 0);
	if (errno || end == buf || (*end && *end != ' ' && *end != '\n'))
		return -EINVAL;
	return 0;
}

/*
 * The class device hl<N> has no parent in 6.1 (device_init_cdev() leaves
 * it unset): there is no class/habanalabs/hl<N>/device link.  The PCI
 * device is found through the pci_addr attribute; the link is only a
 * fallback for kernels that have it.
 */
int hl_pci_dir(unsigned int index, char *buf, size_t len)
{
	char addr[64], path[512];
	struct stat st;
	ssize_t n;
	int rc;

	n = hl_sysfs_read(index, "pci_addr", addr, sizeof(addr));
	if (n > 0 && !strchr(addr, '/')) {
		if ((size_t)snprintf(buf, len, "%s/bus/pci/devices/%s",
				     hl__sysfs_root(), addr) >= len)
			return -ENAMETOOLONG;
		if (stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
			return 0;
	}
	rc = hl_sysfs_path(index, "device", path, sizeof(path));
	if (rc)
		return rc;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return n < 0 ? (int)n : -ENOENT;
	if ((size_t)snprintf(buf, len, "%s", path) >= len)
		return -ENAMETOOLONG;
	return 0;
}

int hl_hwmon_dir(unsigned int index, char *buf, size_t len)
{
	char path[512];
	struct dirent *de;
	DIR *d;
	int rc = -ENOENT;

	rc = hl_pci_dir(index, path, sizeof(path) - 8);
	if (rc)
		return rc;
	strcat(path, "/hwmon");
	d = opendir(path);
	if (!d)
		return -errno;
	rc = -ENOENT;
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "hwmon", 5) != 0 ||
		    de->d_name[5] < '0' || de->d_name[5] > '9')
			continue;
		if ((size_t)snprintf(buf, len, "%s/%s", path, de->d_name) >= len)
			rc = -ENAMETOOLONG;
		else
			rc = 0;
		break;
	}
	closedir(d);
	return rc;
}
