// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device-less tests of libhl's run-time interface selection (hl_iface.c):
 * a fake accel (6.12) tree - attributes on the PCI device, nodes under
 * /dev/accel - and the re-encoding of the misc ioctls as DRM ioctls.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hl/hl.h>
#include "hl_iface.h"

#include "fake_sysfs.h"

static void setup(void)
{
	fake_sysfs_create("test_hl_iface");
	unsetenv("HL_IFACE");
	/* 6.12: class/accel/accel0/device is the PCI device */
	write_file("class/accel/accel0/device/status", "Operational\n");
	write_file("class/accel/accel0/device/vendor", "0x1da3\n");
	write_file("class/accel/accel0/device/hwmon/hwmon1/name", "goya\n");
	write_file("accel/accel0", "");
	write_file("accel/accel_controlD0", "");
}

static void teardown(void)
{
	fake_sysfs_remove();
	unsetenv("HL_IFACE");
}

START_TEST(test_accel_detected)
{
	ck_assert_int_eq(hl__iface(), HL_IFACE_ACCEL);
	ck_assert_str_eq(hl_iface_name(), "accel");
	setenv("HL_IFACE", "misc", 1);
	ck_assert_int_eq(hl__iface(), HL_IFACE_MISC);
	/* a misc class wins over accel (both generations cannot coexist) */
	unsetenv("HL_IFACE");
	write_file("class/habanalabs/hl0/status", "Operational\n");
	ck_assert_int_eq(hl__iface(), HL_IFACE_MISC);
}
END_TEST

START_TEST(test_accel_sysfs)
{
	char buf[512];

	ck_assert_int_eq(hl_device_count(), 1);
	ck_assert_int_eq(hl_sysfs_read(0, "status", buf, sizeof(buf)), 11);
	ck_assert_str_eq(buf, "Operational");
	/* "device" is the PCI device, as for the misc class directory */
	ck_assert_int_eq(hl_sysfs_path(0, "device", buf, sizeof(buf)), 0);
	ck_assert(strstr(buf, "/class/accel/accel0/device") != NULL);
	ck_assert_int_eq(hl_sysfs_read(0, "device/vendor", buf, sizeof(buf)), 6);
	ck_assert_str_eq(buf, "0x1da3");
	ck_assert_int_eq(hl_hwmon_dir(0, buf, sizeof(buf)), 0);
	ck_assert(strstr(buf, "/hwmon1") != NULL);
}
END_TEST

START_TEST(test_accel_nodes)
{
	struct hl_dev *dev = NULL;
	char buf[512];

	ck_assert_int_eq(hl__node_path(HL_IFACE_ACCEL, 3, false, buf, sizeof(buf)), 0);
	ck_assert(strstr(buf, "/accel/accel3") != NULL);
	ck_assert_int_eq(hl__node_path(HL_IFACE_ACCEL, 3, true, buf, sizeof(buf)), 0);
	ck_assert(strstr(buf, "/accel/accel_controlD3") != NULL);
	ck_assert_int_eq(hl__node_path(HL_IFACE_MISC, 3, true, buf, sizeof(buf)), 0);
	ck_assert(strstr(buf, "/hl_controlD3") != NULL);
	if (!hl__iface_accel_supported()) {
		ck_assert_int_eq(hl_open_control(0, &dev), -EPROTONOSUPPORT);
		return;
	}
	ck_assert_int_eq(hl_open_control(0, &dev), 0);
	ck_assert_int_eq(hl__iface_of_fd(hl_fd(dev)), HL_IFACE_ACCEL);
	hl_close(dev);
	ck_assert_int_eq(hl_open(0, &dev), 0);
	hl_close(dev);
}
END_TEST

START_TEST(test_ioctl_encoding)
{
	/* DRM_IOWR(DRM_COMMAND_BASE + n, <the misc argument size>) */
#define DRM_REQ(n, req) _IOC(_IOC_READ | _IOC_WRITE, 'd', 0x40 + (n), _IOC_SIZE(req))
	ck_assert_uint_eq(hl__iface_req(HL_IFACE_MISC, HL_IOCTL_CS), HL_IOCTL_CS);
	if (!hl__iface_accel_supported())
		return;
	ck_assert_uint_eq(hl__iface_req(HL_IFACE_ACCEL, HL_IOCTL_INFO), DRM_REQ(0, HL_IOCTL_INFO));
	ck_assert_uint_eq(hl__iface_req(HL_IFACE_ACCEL, HL_IOCTL_CB), DRM_REQ(1, HL_IOCTL_CB));
	ck_assert_uint_eq(hl__iface_req(HL_IFACE_ACCEL, HL_IOCTL_CS), DRM_REQ(2, HL_IOCTL_CS));
	ck_assert_uint_eq(hl__iface_req(HL_IFACE_ACCEL, HL_IOCTL_WAIT_CS), DRM_REQ(3, HL_IOCTL_WAIT_CS));
	ck_assert_uint_eq(hl__iface_req(HL_IFACE_ACCEL, HL_IOCTL_MEMORY), DRM_REQ(4, HL_IOCTL_MEMORY));
	ck_assert_uint_eq(hl__iface_req(HL_IFACE_ACCEL, HL_IOCTL_DEBUG), DRM_REQ(5, HL_IOCTL_DEBUG));
	/* not a habanalabs request: untouched */
	ck_assert_uint_eq(hl__iface_req(HL_IFACE_ACCEL, _IOR('x', 1, int)), _IOR('x', 1, int));
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hl_iface");
	TCase *tc = tcase_create("iface");
	SRunner *sr;
	int nf;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_accel_detected);
	tcase_add_test(tc, test_accel_sysfs);
	tcase_add_test(tc, test_accel_nodes);
	tcase_add_test(tc, test_ioctl_encoding);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	nf = srunner_ntests_failed(sr);
	srunner_free(sr);
	return nf ? 1 : 0;
}
