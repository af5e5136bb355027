// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * hl-info - show everything the habanalabs driver tells about a Goya card:
 * sysfs identity/firmware/clocks, hwmon sensors and every HL_IOCTL_INFO
 * query.  "nvidia-smi for this card".
 *
 * Each field is queried independently; a failure is reported in place of
 * the field and does not stop the tool.  With --json the output is one
 * flat JSON object with stable keys:
 *   sysfs.<attr>            string, raw attribute text (newline stripped)
 *   sysfs.<attr>.error      why it could not be read
 *   pci.<name>              PCI identity from the device directory
 *   hwmon.<file>            raw hwmon attribute text
 *   info.<query>.<field>    INFO ioctl answers (numbers, strings)
 *   info.<query>.error / .errno   the failure of that query
 *   info.<query>.unsupported      the driver does not offer that query
 *                                 (-EOPNOTSUPP): not an error
 * Exit status: 0 if the device node could be opened, 1 otherwise, 2 on
 * usage errors.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hl/hl.h>

static bool json;
static bool json_first = true;

/* ---- output ------------------------------------------------------ */

static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		default:
			if (c < 0x20 || c >= 0x7f)
				printf("\\u%04x", c);
			else
				putchar(c);
		}
	}
	putchar('"');
}

static void json_key(const char *key)
{
	fputs(json_first ? "{\n  " : ",\n  ", stdout);
	json_first = false;
	json_string(key);
	fputs(": ", stdout);
}

static void section(const char *title)
{
	if (!json)
		printf("\n%s\n", title);
}

static void out_str(const char *key, const char *val)
{
	if (json) {
		json_key(key);
		json_string(val);
	} else {
		printf("  %-44s %s\n", key, val);
	}
}

static void out_u64(const char *key, uint64_t val)
{
	if (json) {
		json_key(key);
		printf("%" PRIu64, val);
	} else {
		printf("  %-44s %" PRIu64 "\n", key, val);
	}
}

static void out_i64(const char *key, int64_t val)
{
	if (json) {
		json_key(key);
		printf("%" PRId64, val);
	} else {
		printf("  %-44s %" PRId64 "\n", key, val);
	}
}

/* Numbers that read better in hex: JSON keeps them numeric. */
static void out_hex(const char *key, uint64_t val)
{
	if (json) {
		json_key(key);
		printf("%" PRIu64, val);
	} else {
		printf("  %-44s 0x%" PRIx64 "\n", key, val);
	}
}

static void out_bool(const char *key, bool val)
{
	if (json) {
		json_key(key);
		fputs(val ? "true" : "false", stdout);
	} else {
		printf("  %-44s %s\n", key, val ? "yes" : "no");
	}
}

static void out_err(const char *prefix, int err, const char *detail)
{
	char key[256];

	if (err == -EOPNOTSUPP) {
		/* e.g. GET_EVENTS on the 6.12 driver: absent, not failing */
		snprintf(key, sizeof(key), "%s.unsupported", prefix);
		out_bool(key, true);
		return;
	}
	snprintf(key, sizeof(key), "%s.error", prefix);
	out_str(key, detail ? detail : hl_strerror(err));
	if (json) {
		snprintf(key, sizeof(key), "%s.errno", prefix);
		out_i64(key, err);
	}
}

static const char *k(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static const char *k(const char *fmt, ...)
{
	static char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return buf;
}

/* Copy a fixed-size, possibly unterminated byte string. */
static const char *fixstr(const uint8_t *s, size_t n)
{
	static char buf[256];
	size_t i;

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	for (i = 0; i < n && s[i]; i++)
		buf[i] = (char)s[i];
	buf[i] = '\0';
	while (i > 0 && (buf[i - 1] == '\n' || buf[i - 1] == ' '))
		buf[--i] = '\0';
	return buf;
}

/* ---- sysfs ------------------------------------------------------- */

static const char *const sysfs_attrs[] = {
	"status", "device_type", "pci_addr", "security_enabled",
	"armcp_ver", "cpucp_ver", "armcp_kernel_ver", "cpucp_kernel_ver",
	"uboot_ver", "preboot_btl_ver", "fuse_ver", "thermal_ver",
	"fw_os_ver", "cpld_ver", "infineon_ver",
	"hard_reset_cnt", "soft_reset_cnt",
	"max_power", "pm_mng_profile", "high_pll",
	"mme_clk", "mme_clk_curr", "tpc_clk", "tpc_clk_curr",
	"ic_clk", "ic_clk_curr",
};

static void show_sysfs(unsigned int idx)
{
	char val[512];
	size_t i;

	section("Driver / firmware (sysfs)");
	for (i = 0; i < sizeof(sysfs_attrs) / sizeof(sysfs_attrs[0]); i++) {
		ssize_t n = hl_sysfs_read(idx, sysfs_attrs[i], val, sizeof(val));

		if (n < 0)
			out_err(k("sysfs.%s", sysfs_attrs[i]), (int)n, NULL);
		else
			out_str(k("sysfs.%s", sysfs_attrs[i]), val);
	}
}

/* eeprom is a 4 KiB binary attribute; report its size only (its layout
 * is firmware specific). */
static void show_eeprom(unsigned int idx)
{
	char path[512];
	unsigned char buf[4096];
	ssize_t n, total = 0, nonzero = 0, i;
	int fd;

	if (hl_sysfs_path(idx, "eeprom", path, sizeof(path)))
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		out_err("sysfs.eeprom", -errno, NULL);
		return;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++)
			nonzero += buf[i] != 0;
		total += n;
	}
	if (n < 0)
		out_err("sysfs.eeprom", -errno, NULL);
	else {
		out_u64("sysfs.eeprom.bytes", (uint64_t)total);
		out_u64("sysfs.eeprom.nonzero_bytes", (uint64_t)nonzero);
	}
	close(fd);
}

static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

static void show_pci(unsigned int idx)
{
	static const char *const files[] = {
		"vendor", "device", "subsystem_vendor", "subsystem_device",
		"revision", "class", "numa_node", "current_link_speed",
		"current_link_width",
	};
	char dir[512], path[1024], real[PATH_MAX], val[256];
	const char *slash;
	size_t i;
	int rc;

	section("PCI");
	/* hl<idx> has no "device" link in 6.1: hl_pci_dir() goes by pci_addr */
	rc = hl_pci_dir(idx, dir, sizeof(dir));
	if (rc) {
		out_err("pci.bdf", rc, NULL);
		return;
	}
	slash = strrchr(realpath(dir, real) ? real : dir, '/');
	out_str("pci.bdf", slash ? slash + 1 : dir);
	out_str("pci.path", dir);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		rc = read_file(path, val, sizeof(val));
		if (rc == -ENOENT)
			continue;	/* optional attributes */
		if (rc)
			out_err(k("pci.%s", files[i]), rc, NULL);
		else
			out_str(k("pci.%s", files[i]), val);
	}
}

static int hwmon_filter(const struct dirent *de)
{
	static const char *const skip[] = { "uevent", "power", "subsystem",
					     "device", "of_node" };
	size_t i;

	if (de->d_name[0] == '.')
		return 0;
	for (i = 0; i < sizeof(skip) / sizeof(skip[0]); i++)
		if (!strcmp(de->d_name, skip[i]))
			return 0;
	return 1;
}

static void show_hwmon(unsigned int idx)
{
	char dir[512], path[1024], val[256];
	struct dirent **list;
	struct stat st;
	int n, i, rc;

	section("Sensors (hwmon)");
	rc = hl_hwmon_dir(idx, dir, sizeof(dir));
	if (rc) {
		out_err("hwmon", rc, rc == -ENOENT ?
			"no hwmon device (firmware reported no sensors)" : NULL);
		return;
	}
	out_str("hwmon.path", dir);
	n = scandir(dir, &list, hwmon_filter, alphasort);
	if (n < 0) {
		out_err("hwmon", -errno, NULL);
		return;
	}
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, list[i]->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
		    (st.st_mode & 0444)) {
			rc = read_file(path, val, sizeof(val));
			if (rc)
				out_err(k("hwmon.%s", list[i]->d_name), rc, NULL);
			else
				out_str(k("hwmon.%s", list[i]->d_name), val);
		}
		free(list[i]);
	}
	free(list);
}

/* ---- INFO ioctl -------------------------------------------------- */

static bool info_failed(struct hl_dev *dev, const char *name, int rc)
{
	if (!rc)
		return false;
	out_err(k("info.%s", name), rc, hl_last_error(dev));
	return true;
}

static uint32_t show_hw_ip(struct hl_dev *dev)
{
	struct hl_info_hw_ip_info ip;

	if (info_failed(dev, "hw_ip", hl_info_hw_ip(dev, &ip)))
		return 0;
	out_hex("info.hw_ip.device_id", ip.device_id);
	out_str("info.hw_ip.card_name", fixstr(ip.card_name, sizeof(ip.card_name)));
	out_str("info.hw_ip.cpucp_version",
		fixstr(ip.cpucp_version, sizeof(ip.cpucp_version)));
	out_hex("info.hw_ip.cpld_version", ip.cpld_version);
	out_u64("info.hw_ip.module_id", ip.module_id);
	out_u64("info.hw_ip.server_type", ip.server_type);
	out_hex("info.hw_ip.sram_base_address", ip.sram_base_address);
	out_u64("info.hw_ip.sram_size", ip.sram_size);
	out_hex("info.hw_ip.dram_base_address", ip.dram_base_address);
	out_u64("info.hw_ip.dram_size", ip.dram_size);
	out_bool("info.hw_ip.dram_enabled", ip.dram_enabled);
	out_u64("info.hw_ip.dram_page_size", ip.dram_page_size);
	out_u64("info.hw_ip.device_mem_alloc_default_page_size",
		ip.device_mem_alloc_default_page_size);
	out_u64("info.hw_ip.num_of_events", ip.num_of_events);
	out_hex("info.hw_ip.tpc_enabled_mask", ip.tpc_enabled_mask);
	out_hex("info.hw_ip.tpc_enabled_mask_ext", ip.tpc_enabled_mask_ext);
	out_bool("info.hw_ip.security_enabled", ip.security_enabled);
	out_u64("info.hw_ip.psoc_pci_pll_nr", ip.psoc_pci_pll_nr);
	out_u64("info.hw_ip.psoc_pci_pll_nf", ip.psoc_pci_pll_nf);
	out_u64("info.hw_ip.psoc_pci_pll_od", ip.psoc_pci_pll_od);
	out_u64("info.hw_ip.psoc_pci_pll_div_factor", ip.psoc_pci_pll_div_factor);
	return ip.num_of_events;
}

static void show_events(struct hl_dev *dev, uint32_t num, bool aggregate)
{
	const char *name = aggregate ? "hw_events_aggregate" : "hw_events";
	char list[1024] = "";
	uint64_t total = 0;
	uint32_t *c, i;
	size_t used = 0;
	int rc;

	if (num == 0)
		num = 1024;	/* HW_IP failed: ask for plenty */
	c = calloc(num, sizeof(*c));
	if (!c) {
		out_err(k("info.%s", name), -ENOMEM, NULL);
		return;
	}
	rc = hl_info_hw_events(dev, aggregate, c, num);
	if (!info_failed(dev, name, rc)) {
		for (i = 0; i < num; i++) {
			if (!c[i])
				continue;
			total += c[i];
			if (used < sizeof(list) - 24)
				used += snprintf(list + used, sizeof(list) - used,
						 "%s%u:%u", used ? "," : "", i, c[i]);
		}
		out_u64(k("info.%s.total", name), total);
		out_str(k("info.%s.nonzero", name), list);
	}
	free(c);
}

static void show_info(struct hl_dev *dev, bool all)
{
	uint32_t u32v, num_events, i;
	uint64_t u64v;
	int rc;

	section("INFO: hardware IP");
	num_events = show_hw_ip(dev);

	section("INFO: status");
	rc = hl_info_device_status(dev, &u32v);
	if (!info_failed(dev, "device_status", rc)) {
		out_u64("info.device_status.status", u32v);
		out_str("info.device_status.name", hl_device_status_name(u32v));
	}
	{
		struct hl_info_reset_count rcnt;

		rc = hl_info_reset_count(dev, &rcnt);
		if (!info_failed(dev, "reset_count", rc)) {
			out_u64("info.reset_count.hard_reset_cnt", rcnt.hard_reset_cnt);
			out_u64("info.reset_count.soft_reset_cnt", rcnt.soft_reset_cnt);
		}
	}
	{
		struct hl_info_hw_idle idle;

		rc = hl_info_hw_idle(dev, &idle);
		if (!info_failed(dev, "hw_idle", rc)) {
			out_bool("info.hw_idle.is_idle", idle.is_idle);
			out_hex("info.hw_idle.busy_engines_mask",
				idle.busy_engines_mask);
			out_hex("info.hw_idle.busy_engines_mask_ext0",
				idle.busy_engines_mask_ext[0]);
		}
	}
	{
		struct hl_open_stats_info os;

		rc = hl_info_open_stats(dev, &os);
		if (!info_failed(dev, "open_stats", rc)) {
			out_u64("info.open_stats.open_counter", os.open_counter);
			out_u64("info.open_stats.last_open_period_ms",
				os.last_open_period_ms);
			out_bool("info.open_stats.is_compute_ctx_active",
				 os.is_compute_ctx_active);
			out_bool("info.open_stats.compute_ctx_in_release",
				 os.compute_ctx_in_release);
		}
	}

	section("INFO: memory");
	{
		struct hl_info_dram_usage du;

		rc = hl_info_dram_usage(dev, &du);
		if (!info_failed(dev, "dram_usage", rc)) {
			out_u64("info.dram_usage.dram_free_mem", du.dram_free_mem);
			out_u64("info.dram_usage.ctx_dram_mem", du.ctx_dram_mem);
		}
	}
	{
		struct hl_info_dev_memalloc_page_sizes ps;

		rc = hl_info_dev_mem_alloc_page_sizes(dev, &ps);
		if (!info_failed(dev, "dev_mem_alloc_page_sizes", rc))
			out_hex("info.dev_mem_alloc_page_sizes.page_order_bitmask",
				ps.page_order_bitmask);
	}
	/*
	 * HBM row replacement is a Gaudi2 firmware feature: Goya's firmware
	 * rejects the packets and the driver logs an error for each, so
	 * these two are asked only with --all.
	 */
	if (all) {
		struct hl_dram_row_info ri;

		rc = hl_info_dram_replaced_rows(dev, &ri);
		if (!info_failed(dev, "dram_replaced_rows", rc)) {
			out_u64("info.dram_replaced_rows.hbm_idx", ri.hbm_idx);
			out_u64("info.dram_replaced_rows.row_addr", ri.row_addr);
			out_u64("info.dram_replaced_rows.cause", ri.replaced_row_cause);
		}
		rc = hl_info_dram_pending_rows(dev, &u32v);
		if (!info_failed(dev, "dram_pending_rows", rc))
			out_u64("info.dram_pending_rows.count", u32v);
	}

	section("INFO: clocks, power, energy");
	{
		struct hl_info_clk_rate cr;

		rc = hl_info_clk_rate(dev, &cr);
		if (!info_failed(dev, "clk_rate", rc)) {
			out_u64("info.clk_rate.cur_clk_rate_mhz", cr.cur_clk_rate_mhz);
			out_u64("info.clk_rate.max_clk_rate_mhz", cr.max_clk_rate_mhz);
		}
	}
	for (i = 0; i < HL_GOYA_PLL_MAX; i++) {
		struct hl_pll_frequency_info pf;
		const char *name = k("pll_frequency.%s", hl_goya_pll_name(i));
		char key[128];
		int j;

		snprintf(key, sizeof(key), "%s", name);
		rc = hl_info_pll_frequency(dev, i, &pf);
		if (info_failed(dev, key, rc))
			continue;
		for (j = 0; j < HL_PLL_NUM_OUTPUTS; j++)
			out_u64(k("info.%s.out%d", key, j), pf.output[j]);
	}
	{
		struct hl_info_clk_throttle ct;

		rc = hl_info_clk_throttle(dev, &ct);
		if (!info_failed(dev, "clk_throttle", rc)) {
			out_hex("info.clk_throttle.reason", ct.clk_throttling_reason);
			out_u64("info.clk_throttle.power_timestamp_us",
				ct.clk_throttling_timestamp_us[HL_CLK_THROTTLE_TYPE_POWER]);
			out_u64("info.clk_throttle.power_duration_ns",
				ct.clk_throttling_duration_ns[HL_CLK_THROTTLE_TYPE_POWER]);
			out_u64("info.clk_throttle.thermal_timestamp_us",
				ct.clk_throttling_timestamp_us[HL_CLK_THROTTLE_TYPE_THERMAL]);
			out_u64("info.clk_throttle.thermal_duration_ns",
				ct.clk_throttling_duration_ns[HL_CLK_THROTTLE_TYPE_THERMAL]);
		}
	}
	{
		struct hl_power_info pw;

		rc = hl_info_power(dev, &pw);
		if (!info_failed(dev, "power", rc))
			out_u64("info.power.power", pw.power);
	}
	{
		struct hl_info_energy en;

		rc = hl_info_total_energy(dev, &en);
		if (!info_failed(dev, "total_energy", rc))
			out_u64("info.total_energy.total_energy_consumption",
				en.total_energy_consumption);
	}
	rc = hl_info_device_utilization(dev, 1000, &u32v);
	if (!info_failed(dev, "device_utilization", rc))
		out_u64("info.device_utilization.utilization", u32v);

	section("INFO: PCI, time");
	{
		struct hl_info_pci_counters pc;

		rc = hl_info_pci_counters(dev, &pc);
		if (!info_failed(dev, "pci_counters", rc)) {
			out_u64("info.pci_counters.rx_throughput", pc.rx_throughput);
			out_u64("info.pci_counters.tx_throughput", pc.tx_throughput);
			out_u64("info.pci_counters.replay_cnt", pc.replay_cnt);
		}
	}
	{
		struct hl_info_time_sync ts;

		rc = hl_info_time_sync(dev, &ts);
		if (!info_failed(dev, "time_sync", rc)) {
			out_u64("info.time_sync.device_time", ts.device_time);
			out_u64("info.time_sync.host_time", ts.host_time);
		}
	}

	section("INFO: submissions, sync manager, events");
	{
		struct hl_info_cs_counters cc;

		rc = hl_info_cs_counters(dev, &cc);
		if (!info_failed(dev, "cs_counters", rc)) {
			out_u64("info.cs_counters.total_out_of_mem_drop_cnt",
				cc.total_out_of_mem_drop_cnt);
			out_u64("info.cs_counters.total_parsing_drop_cnt",
				cc.total_parsing_drop_cnt);
			out_u64("info.cs_counters.total_queue_full_drop_cnt",
				cc.total_queue_full_drop_cnt);
			out_u64("info.cs_counters.total_device_in_reset_drop_cnt",
				cc.total_device_in_reset_drop_cnt);
			out_u64("info.cs_counters.total_max_cs_in_flight_drop_cnt",
				cc.total_max_cs_in_flight_drop_cnt);
			out_u64("info.cs_counters.total_validation_drop_cnt",
				cc.total_validation_drop_cnt);
		}
	}
	{
		struct hl_info_sync_manager sm;

		rc = hl_info_sync_manager(dev, 0, &sm);
		if (!info_failed(dev, "sync_manager", rc)) {
			out_u64("info.sync_manager.first_available_sync_object",
				sm.first_available_sync_object);
			out_u64("info.sync_manager.first_available_monitor",
				sm.first_available_monitor);
			out_u64("info.sync_manager.first_available_cq",
				sm.first_available_cq);
		}
	}
	show_events(dev, num_events, false);
	show_events(dev, num_events, true);
	{
		struct hl_info_last_err_open_dev_time le;

		rc = hl_info_last_err_open_dev_time(dev, &le);
		if (!info_failed(dev, "last_err_open_dev_time", rc))
			out_i64("info.last_err_open_dev_time.timestamp", le.timestamp);
	}
	{
		struct hl_info_cs_timeout_event te;

		rc = hl_info_cs_timeout_event(dev, &te);
		if (!info_failed(dev, "cs_timeout_event", rc)) {
			out_i64("info.cs_timeout_event.timestamp", te.timestamp);
			out_u64("info.cs_timeout_event.seq", te.seq);
		}
	}
	{
		struct hl_info_razwi_event re;

		rc = hl_info_razwi_event(dev, &re);
		if (!info_failed(dev, "razwi_event", rc)) {
			out_i64("info.razwi_event.timestamp", re.timestamp);
			out_hex("info.razwi_event.addr", re.addr);
			out_u64("info.razwi_event.engine_id_1", re.engine_id_1);
			out_u64("info.razwi_event.engine_id_2", re.engine_id_2);
			out_u64("info.razwi_event.no_engine_id", re.no_engine_id);
			out_u64("info.razwi_event.error_type", re.error_type);
		}
	}
	{
		struct hl_info_undefined_opcode_event uo;

		rc = hl_info_undefined_opcode_event(dev, &uo);
		if (!info_failed(dev, "undefined_opcode_event", rc)) {
			out_i64("info.undefined_opcode_event.timestamp", uo.timestamp);
			out_u64("info.undefined_opcode_event.engine_id", uo.engine_id);
			out_u64("info.undefined_opcode_event.stream_id", uo.stream_id);
			out_hex("info.undefined_opcode_event.cq_addr", uo.cq_addr);
			out_u64("info.undefined_opcode_event.cq_size", uo.cq_size);
		}
	}
	rc = hl_info_get_events(dev, &u64v);
	if (!info_failed(dev, "get_events", rc))
		out_hex("info.get_events.mask", u64v);

	section("INFO: engines");
	{
		static char eng[64 * 1024];
		uint32_t got;

		rc = hl_info_engine_status(dev, eng, sizeof(eng), &got);
		if (!info_failed(dev, "engine_status", rc))
			out_str("info.engine_status.text", eng);
	}

	if (all) {
		struct hl_info_sec_attest *sa = calloc(1, sizeof(*sa));

		section("INFO: attestation");
		if (!sa) {
			out_err("info.sec_attest", -ENOMEM, NULL);
		} else {
			rc = hl_info_sec_attest(dev, 0x12345678, sa);
			if (!info_failed(dev, "sec_attest", rc)) {
				out_hex("info.sec_attest.nonce", sa->nonce);
				out_u64("info.sec_attest.pcr_num_reg", sa->pcr_num_reg);
				out_u64("info.sec_attest.pcr_quote_len", sa->pcr_quote_len);
				out_u64("info.sec_attest.certificate_len",
					sa->certificate_len);
			}
			free(sa);
		}
	}
}

static void usage(FILE *f, const char *argv0)
{
	fprintf(f,
		"usage: %s [-d INDEX] [--json] [--compute] [--all] [--no-sysfs] [--no-ioctl]\n"
		"Show identity, firmware, clocks, sensors and every INFO answer\n"
		"of a Goya card driven by the habanalabs driver.\n"
		"  -d, --device INDEX  device index (hlINDEX), default 0\n"
		"  -j, --json          one flat JSON object with stable keys\n"
		"  -c, --compute       query through /dev/hlN (creates the compute\n"
		"                      context) instead of /dev/hl_controlDN\n"
		"  -a, --all           also queries the firmware does not usually\n"
		"                      support (HBM row replacement, secured\n"
		"                      attestation; the driver logs their errors)\n"
		"      --no-sysfs      skip sysfs, PCI and hwmon\n"
		"      --no-ioctl      skip the INFO ioctl\n"
		"Environment: HL_SYSFS_ROOT (default /sys), HL_DEV_DIR (default /dev).\n",
		argv0);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "device", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ "compute", no_argument, NULL, 'c' },
		{ "all", no_argument, NULL, 'a' },
		{ "no-sysfs", no_argument, NULL, 'S' },
		{ "no-ioctl", no_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool compute = false, all = false, do_sysfs = true, do_ioctl = true;
	unsigned int idx = 0;
	struct hl_dev *dev = NULL;
	int c, rc = 0, ret = 0;
	char *end;

	while ((c = getopt_long(argc, argv, "d:jcah", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			errno = 0;
			idx = (unsigned int)strtoul(optarg, &end, 0);
			if (errno || *end || idx >= HL_MAX_DEVICES) {
				fprintf(stderr, "bad device index '%s'\n", optarg);
				return 2;
			}
			break;
		case 'j': json = true; break;
		case 'c': compute = true; break;
		case 'a': all = true; break;
		case 'S': do_sysfs = false; break;
		case 'I': do_ioctl = false; break;
		case 'h': usage(stdout, argv[0]); return 0;
		default: usage(stderr, argv[0]); return 2;
		}
	}
	if (optind != argc) {
		usage(stderr, argv[0]);
		return 2;
	}

	if (!json)
		printf("hl-info: habanalabs device %u\n", idx);
	out_u64("device.index", idx);
	out_u64("device.count", (uint64_t)hl_device_count());

	if (do_ioctl) {
		const char *node = compute ? "compute" : "control";

		if (compute)
			rc = hl_open(idx, &dev);
		else {
			rc = hl_open_control(idx, &dev);
			if (rc) {	/* fall back to the compute node */
				int rc2 = hl_open(idx, &dev);

				if (!rc2) {
					rc = 0;
					node = "compute";
				}
			}
		}
		if (rc) {
			char msg[512];
			const char *d = getenv("HL_DEV_DIR");

			snprintf(msg, sizeof(msg), "open %s/%s%u: %s",
				 d && *d ? d : "/dev",
				 compute ? "hl" : "hl_controlD", idx,
				 hl_strerror(rc));
			out_err("device.open", rc, msg);
			ret = 1;
		} else {
			out_str("device.node", node);
		}
	}

	if (do_sysfs) {
		show_sysfs(idx);
		show_eeprom(idx);
		show_pci(idx);
		show_hwmon(idx);
	}
	if (dev)
		show_info(dev, all);

	if (json)
		fputs(json_first ? "{}\n" : "\n}\n", stdout);
	hl_close(dev);
	return ret;
}
