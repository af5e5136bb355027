// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Device-less tests of libhl: error reporting, sysfs/hwmon look-ups over a
 * fake sysfs tree (HL_SYSFS_ROOT), node opening (HL_DEV_DIR) and ioctl
 * error paths against a file that is not a habanalabs node.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hl/hl.h>

#include "fake_sysfs.h"

static void setup(void)
{
	char cmd[300];

	fake_sysfs_create("test_libhl");
	write_file("class/habanalabs/hl0/status", "Operational\n");
	write_file("class/habanalabs/hl0/max_power", "200000\n");
	write_file("class/habanalabs/hl0/cpld_ver", "0x00000010\n");
	write_file("class/habanalabs/hl0/fuse_ver", "\n");
	/* 6.1: no class/habanalabs/hl0/device link, found by pci_addr */
	write_file("class/habanalabs/hl0/pci_addr", "0000:00:01.0\n");
	write_file("bus/pci/devices/0000:00:01.0/hwmon/hwmon3/name", "goya\n");
	/* a kernel with the link */
	write_file("class/habanalabs/hl1/device/hwmon/hwmon5/name", "goya\n");
	write_file("class/habanalabs/hl1/status", "Disabled\n");
	snprintf(cmd, sizeof(cmd), "%s/hl0", root);
	close(open(cmd, O_CREAT | O_RDWR, 0600));
	(void)cmd;
}

static void teardown(void)
{
	fake_sysfs_remove();
}

START_TEST(test_strerror)
{
	ck_assert_ptr_nonnull(strstr(hl_strerror(-EBUSY), "compute context"));
	ck_assert_ptr_nonnull(strstr(hl_strerror(EBUSY), "busy"));
	ck_assert_str_eq(hl_strerror(0), "Success");
	ck_assert_ptr_nonnull(strstr(hl_strerror(-ENODEV), "hard reset"));
	ck_assert_ptr_nonnull(strstr(hl_strerror(-ETIMEDOUT), "timed out"));
	/* unknown codes still give something meaningful */
	ck_assert_ptr_nonnull(strstr(hl_strerror(-EXDEV), "errno"));
	ck_assert_str_eq(hl_last_error(NULL), "");
}
END_TEST

START_TEST(test_sysfs_read)
{
	char buf[64];
	uint64_t v;

	ck_assert_int_eq(hl_sysfs_read(0, "status", buf, sizeof(buf)), 11);
	ck_assert_str_eq(buf, "Operational");
	ck_assert_int_eq(hl_sysfs_read(0, "fuse_ver", buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "");
	ck_assert_int_eq(hl_sysfs_read(0, "nope", buf, sizeof(buf)), -ENOENT);
	ck_assert_int_eq(hl_sysfs_read(1, "status", buf, 4), 3);	/* truncated */
	ck_assert_str_eq(buf, "Dis");
	ck_assert_int_eq(hl_sysfs_read_u64(0, "max_power", &v), 0);
	ck_assert_uint_eq(v, 200000);
	ck_assert_int_eq(hl_sysfs_read_u64(0, "cpld_ver", &v), 0);
	ck_assert_uint_eq(v, 0x10);
	ck_assert_int_eq(hl_sysfs_read_u64(0, "status", &v), -EINVAL);
	ck_assert_int_eq(hl_sysfs_read_u64(0, "fuse_ver", &v), -EINVAL);
}
END_TEST

START_TEST(test_hwmon_and_count)
{
	char buf[512], want[512];

	ck_assert_int_eq(hl_pci_dir(0, buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "%s/bus/pci/devices/0000:00:01.0", root);
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(hl_hwmon_dir(0, buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want),
		 "%s/bus/pci/devices/0000:00:01.0/hwmon/hwmon3", root);
	ck_assert_str_eq(buf, want);
	ck_assert_int_eq(hl_hwmon_dir(1, buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want),
		 "%s/class/habanalabs/hl1/device/hwmon/hwmon5", root);
	ck_assert_str_eq(buf, want);
	ck_assert_int_lt(hl_pci_dir(2, buf, sizeof(buf)), 0);
	ck_assert_int_lt(hl_hwmon_dir(2, buf, sizeof(buf)), 0);
	ck_assert_int_eq(hl_device_count(), 2);
}
END_TEST

START_TEST(test_open_errors)
{
	struct hl_dev *dev = (struct hl_dev *)1;

	ck_assert_int_eq(hl_open(5, &dev), -ENOENT);
	ck_assert_ptr_null(dev);
	ck_assert_int_eq(hl_open_control(0, &dev), -ENOENT);
	ck_assert_int_eq(hl_close(NULL), 0);
}
END_TEST

/* hl0 in the fake dev dir is a regular file: every ioctl fails with ENOTTY
 * and the failure must be described with its context. */
START_TEST(test_ioctl_errors)
{
	struct hl_info_clk_rate cr;
	struct hl_cs_chunk ch;
	struct hl_dev *dev;
	uint64_t h, seq;
	uint32_t st;

	ck_assert_int_eq(hl_open(0, &dev), 0);
	ck_assert_int_eq(hl_index(dev), 0);
	ck_assert(!hl_is_control(dev));
	ck_assert_int_ge(hl_fd(dev), 0);
	ck_assert_str_eq(hl_last_error(dev), "");

	ck_assert_int_eq(hl_info_clk_rate(dev, &cr), -ENOTTY);
	ck_assert_int_eq(hl_last_errno(dev), -ENOTTY);
	ck_assert_ptr_nonnull(strstr(hl_last_error(dev), "INFO CLK_RATE (op 8"));
	ck_assert_ptr_nonnull(strstr(hl_last_error(dev), "not a habanalabs node"));

	ck_assert_int_eq(hl_cb_create(dev, 0, &h), -EINVAL);
	ck_assert_ptr_nonnull(strstr(hl_last_error(dev), "CB create"));
	ck_assert_int_eq(hl_cb_create(dev, HL_MAX_CB_SIZE + 1, &h), -EINVAL);
	ck_assert_int_eq(hl_cb_create(dev, 4096, &h), -ENOTTY);

	hl_chunk_init(&ch, GOYA_QUEUE_ID_DMA_1, 0x1000, 24);
	ck_assert_uint_eq(ch.queue_index, 1);
	ck_assert_uint_eq(ch.cb_size, 24);
	ck_assert_int_eq(hl_cs_submit(dev, NULL, 0, &ch, 1, 0, 0, &seq), -ENOTTY);
	ck_assert_ptr_nonnull(strstr(hl_last_error(dev), "queue 1 size 24"));
	ck_assert_int_eq(hl_cs_submit(dev, NULL, 0, NULL, 1, 0, 0, &seq), -EINVAL);
	ck_assert_int_eq(hl_cs_submit(dev, NULL, 0, &ch, HL_MAX_JOBS_PER_CS + 1,
				      0, 0, &seq), -EINVAL);
	ck_assert_int_eq(hl_cs_wait(dev, 7, 1000, &st), -ENOTTY);
	ck_assert_ptr_nonnull(strstr(hl_last_error(dev), "CS wait (seq 7"));

	ck_assert_int_eq(hl_mem_alloc(dev, 0, 0, 0, &h), -EINVAL);
	ck_assert_int_eq(hl_mem_alloc(dev, 1 << 21, 0, 0, &h), -ENOTTY);
	ck_assert_ptr_nonnull(strstr(hl_last_error(dev), "MEM alloc (size 0x200000"));
	ck_assert_int_eq(hl_mem_map_host(dev, NULL, 10, 0, &h), -EINVAL);
	ck_assert_int_eq(hl_mem_unmap(dev, 0x1000), -ENOTTY);
	ck_assert_int_eq(hl_info_register_eventfd(dev, -1), -EBADF);

	ck_assert_int_eq(hl_close(dev), 0);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(hl_info_op_name(HL_INFO_CLK_RATE), "CLK_RATE");
	ck_assert_str_eq(hl_info_op_name(HL_INFO_ENGINE_STATUS), "ENGINE_STATUS");
	ck_assert_str_eq(hl_info_op_name(5), "?");
	ck_assert_str_eq(hl_info_op_name(1000), "?");
	ck_assert_str_eq(hl_device_status_name(HL_DEVICE_STATUS_OPERATIONAL),
			 "Operational");
	ck_assert_str_eq(hl_device_status_name(HL_DEVICE_STATUS_MALFUNCTION),
			 "Disabled");
	ck_assert_str_eq(hl_device_status_name(99), "Unknown");
	ck_assert_str_eq(hl_goya_pll_name(HL_GOYA_MME_PLL), "MME");
	ck_assert_str_eq(hl_goya_pll_name(HL_GOYA_PLL_MAX), "?");
	ck_assert_str_eq(hl_cs_status_name(HL_WAIT_CS_STATUS_ABORTED), "aborted");
}
END_TEST

START_TEST(test_cb_map_size)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	ck_assert_uint_eq(hl_cb_map_size(1), page);
	ck_assert_uint_eq(hl_cb_map_size(page), page);
	ck_assert_uint_eq(hl_cb_map_size(page + 1), 2 * page);
	ck_assert_uint_eq(hl_cb_map_size(0), page);
}
END_TEST

static Suite *libhl_suite(void)
{
	Suite *s = suite_create("libhl");
	TCase *tc = tcase_create("nodevice");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_strerror);
	tcase_add_test(tc, test_sysfs_read);
	tcase_add_test(tc, test_hwmon_and_count);
	tcase_add_test(tc, test_open_errors);
	tcase_add_test(tc, test_ioctl_errors);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_cb_map_size);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(libhl_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
