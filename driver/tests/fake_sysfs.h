/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A throw-away sysfs/dev tree for the device-less libhl tests: libhl reads
 * HL_SYSFS_ROOT and HL_DEV_DIR instead of /sys and /dev.
 */
#ifndef FAKE_SYSFS_H
#define FAKE_SYSFS_H

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char root[256];

/* write @content to @rel below the tree, creating its directories */
static void write_file(const char *rel, const char *content)
{
	char path[512], dir[512], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", path);
	for (slash = dir + strlen(root) + 1; (slash = strchr(slash, '/')); slash++) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(content, f);
	fclose(f);
}

static void fake_sysfs_create(const char *name)
{
	snprintf(root, sizeof(root), "/tmp/%s.XXXXXX", name);
	ck_assert_ptr_nonnull(mkdtemp(root));
	setenv("HL_SYSFS_ROOT", root, 1);
	setenv("HL_DEV_DIR", root, 1);
}

static void fake_sysfs_remove(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	ck_assert_int_eq(system(cmd), 0);
	unsetenv("HL_SYSFS_ROOT");
	unsetenv("HL_DEV_DIR");
}

#endif
