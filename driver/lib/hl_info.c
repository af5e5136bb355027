// SPDX-License-Identifier: GPL-2.0-or-later
/* libhl: HL_IOCTL_INFO wrappers. */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>

#include "hl_priv.h"

_Static_assert(sizeof(struct hl_info_args) == 24, "hl_info_args layout");
_Static_assert(sizeof(struct hl_dram_row_info) == 8, "hl_dram_row_info layout");

static const char *const info_names[] = {
	[HL_INFO_HW_IP_INFO] = "HW_IP_INFO",
	[HL_INFO_HW_EVENTS] = "HW_EVENTS",
	[HL_INFO_DRAM_USAGE] = "DRAM_USAGE",
	[HL_INFO_HW_IDLE] = "HW_IDLE",
	[HL_INFO_DEVICE_STATUS] = "DEVICE_STATUS",
	[HL_INFO_DEVICE_UTILIZATION] = "DEVICE_UTILIZATION",
	[HL_INFO_HW_EVENTS_AGGREGATE] = "HW_EVENTS_AGGREGATE",
	[HL_INFO_CLK_RATE] = "CLK_RATE",
	[HL_INFO_RESET_COUNT] = "RESET_COUNT",
	[HL_INFO_TIME_SYNC] = "TIME_SYNC",
	[HL_INFO_CS_COUNTERS] = "CS_COUNTERS",
	[HL_INFO_PCI_COUNTERS] = "PCI_COUNTERS",
	[HL_INFO_CLK_THROTTLE_REASON] = "CLK_THROTTLE_REASON",
	[HL_INFO_SYNC_MANAGER] = "SYNC_MANAGER",
	[HL_INFO_TOTAL_ENERGY] = "TOTAL_ENERGY",
	[HL_INFO_PLL_FREQUENCY] = "PLL_FREQUENCY",
	[HL_INFO_POWER] = "POWER",
	[HL_INFO_OPEN_STATS] = "OPEN_STATS",
	[HL_INFO_DRAM_REPLACED_ROWS] = "DRAM_REPLACED_ROWS",
	[HL_INFO_DRAM_PENDING_ROWS] = "DRAM_PENDING_ROWS",
	[HL_INFO_LAST_ERR_OPEN_DEV_TIME] = "LAST_ERR_OPEN_DEV_TIME",
	[HL_INFO_CS_TIMEOUT_EVENT] = "CS_TIMEOUT_EVENT",
	[HL_INFO_RAZWI_EVENT] = "RAZWI_EVENT",
	[HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES] = "DEV_MEM_ALLOC_PAGE_SIZES",
	[HL_INFO_SECURED_ATTESTATION] = "SECURED_ATTESTATION",
	[HL_INFO_REGISTER_EVENTFD] = "REGISTER_EVENTFD",
	[HL_INFO_UNREGISTER_EVENTFD] = "UNREGISTER_EVENTFD",
	[HL_INFO_GET_EVENTS] = "GET_EVENTS",
	[HL_INFO_UNDEFINED_OPCODE_EVENT] = "UNDEFINED_OPCODE_EVENT",
	[HL_INFO_ENGINE_STATUS] = "ENGINE_STATUS",
};

const char *hl_info_op_name(uint32_t op)
{
	if (op < sizeof(info_names) / sizeof(info_names[0]) && info_names[op])
		return info_names[op];
	return "?";
}

const char *hl_device_status_name(uint32_t status)
{
	/* Same strings as the driver's sysfs "status" attribute. */
	static const char *const names[] = {
		[HL_DEVICE_STATUS_OPERATIONAL] = "Operational",
		[HL_DEVICE_STATUS_IN_RESET] = "In reset",
		[HL_DEVICE_STATUS_MALFUNCTION] = "Disabled",
		[HL_DEVICE_STATUS_NEEDS_RESET] = "Needs reset",
		[HL_DEVICE_STATUS_IN_DEVICE_CREATION] = "In device creation",
		[HL_DEVICE_STATUS_IN_RESET_AFTER_DEVICE_RELEASE] =
			"In reset after device release",
	};

	if (status < sizeof(names) / sizeof(names[0]) && names[status])
		return names[status];
	return "Unknown";
}

const char *hl_goya_pll_name(uint32_t pll)
{
	static const char *const names[] = {
		[HL_GOYA_CPU_PLL] = "CPU", [HL_GOYA_IC_PLL] = "IC",
		[HL_GOYA_MC_PLL] = "MC", [HL_GOYA_MME_PLL] = "MME",
		[HL_GOYA_PCI_PLL] = "PCI", [HL_GOYA_EMMC_PLL] = "EMMC",
		[HL_GOYA_TPC_PLL] = "TPC",
	};

	if (pll < HL_GOYA_PLL_MAX)
		return names[pll];
	return "?";
}

int hl_info(struct hl_dev *dev, uint32_t op, void *buf, uint32_t size,
	    uint32_t arg, uint32_t *actual_size)
{
	struct hl_info_args args;
	int rc;

	memset(&args, 0, sizeof(args));
	args.return_pointer = (uint64_t)(uintptr_t)buf;
	args.return_size = size;
	args.op = op;
	args.dcore_id = arg;	/* union with period_ms, pll_index, ... */

	rc = hl__ioctl(dev->fd, HL_IOCTL_INFO, &args);
	if (rc)
		return hl__fail(dev, rc, "INFO %s (op %u, size %u, arg %u)",
				hl_info_op_name(op), op, size, arg);
	if (actual_size)
		*actual_size = args.user_buffer_actual_size;
	return 0;
}

#define INFO_SIMPLE(fn, OP, type)					\
int fn(struct hl_dev *dev, type *out)					\
{									\
	memset(out, 0, sizeof(*out));					\
	return hl_info(dev, OP, out, sizeof(*out), 0, NULL);		\
}

INFO_SIMPLE(hl_info_hw_ip, HL_INFO_HW_IP_INFO, struct hl_info_hw_ip_info)
INFO_SIMPLE(hl_info_dram_usage, HL_INFO_DRAM_USAGE, struct hl_info_dram_usage)
INFO_SIMPLE(hl_info_hw_idle, HL_INFO_HW_IDLE, struct hl_info_hw_idle)
INFO_SIMPLE(hl_info_clk_rate, HL_INFO_CLK_RATE, struct hl_info_clk_rate)
INFO_SIMPLE(hl_info_reset_count, HL_INFO_RESET_COUNT, struct hl_info_reset_count)
INFO_SIMPLE(hl_info_time_sync, HL_INFO_TIME_SYNC, struct hl_info_time_sync)
INFO_SIMPLE(hl_info_cs_counters, HL_INFO_CS_COUNTERS, struct hl_info_cs_counters)
INFO_SIMPLE(hl_info_pci_counters, HL_INFO_PCI_COUNTERS, struct hl_info_pci_counters)
INFO_SIMPLE(hl_info_clk_throttle, HL_INFO_CLK_THROTTLE_REASON, struct hl_info_clk_throttle)
INFO_SIMPLE(hl_info_total_energy, HL_INFO_TOTAL_ENERGY, struct hl_info_energy)
INFO_SIMPLE(hl_info_power, HL_INFO_POWER, struct hl_power_info)
INFO_SIMPLE(hl_info_open_stats, HL_INFO_OPEN_STATS, struct hl_open_stats_info)
INFO_SIMPLE(hl_info_dram_replaced_rows, HL_INFO_DRAM_REPLACED_ROWS, struct hl_dram_row_info)
INFO_SIMPLE(hl_info_last_err_open_dev_time, HL_INFO_LAST_ERR_OPEN_DEV_TIME,
	    struct hl_info_last_err_open_dev_time)
INFO_SIMPLE(hl_info_cs_timeout_event, HL_INFO_CS_TIMEOUT_EVENT,
	    struct hl_info_cs_timeout_event)
INFO_SIMPLE(hl_info_razwi_event, HL_INFO_RAZWI_EVENT, struct hl_info_razwi_event)
INFO_SIMPLE(hl_info_undefined_opcode_event, HL_INFO_UNDEFINED_OPCODE_EVENT,
	    struct hl_info_undefined_opcode_event)
INFO_SIMPLE(hl_info_dev_mem_alloc_page_sizes, HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES,
	    struct hl_info_dev_memalloc_page_sizes)

int hl_info_hw_events(struct hl_dev *dev, bool aggregate, uint32_t *counts,
		      uint32_t n)
{
	if (!counts || n == 0)
		return hl__fail(dev, -EINVAL, "INFO HW_EVENTS: empty buffer");
	memset(counts, 0, n * sizeof(*counts));
	return hl_info(dev, aggregate ? HL_INFO_HW_EVENTS_AGGREGATE :
		       HL_INFO_HW_EVENTS, counts, n * sizeof(*counts), 0, NULL);
}

int hl_info_device_status(struct hl_dev *dev, uint32_t *status)
{
	struct hl_info_device_status st;
	int rc;

	memset(&st, 0, sizeof(st));
	rc = hl_info(dev, HL_INFO_DEVICE_STATUS, &st, sizeof(st), 0, NULL);
	if (!rc)
		*status = st.status;
	return rc;
}

int hl_info_device_utilization(struct hl_dev *dev, uint32_t period_ms,
			       uint32_t *util)
{
	struct hl_info_device_utilization u;
	int rc;

	memset(&u, 0, sizeof(u));
	rc = hl_info(dev, HL_INFO_DEVICE_UTILIZATION, &u, sizeof(u), period_ms,
		     NULL);
	if (!rc)
		*util = u.utilization;
	return rc;
}

int hl_info_sync_manager(struct hl_dev *dev, uint32_t dcore,
			 struct hl_info_sync_manager *out)
{
	memset(out, 0, sizeof(*out));
	return hl_info(dev, HL_INFO_SYNC_MANAGER, out, sizeof(*out), dcore, NULL);
}

int hl_info_pll_frequency(struct hl_dev *dev, uint32_t pll,
			  struct hl_pll_frequency_info *out)
{
	memset(out, 0, sizeof(*out));
	return hl_info(dev, HL_INFO_PLL_FREQUENCY, out, sizeof(*out), pll, NULL);
}

int hl_info_dram_pending_rows(struct hl_dev *dev, uint32_t *rows)
{
	*rows = 0;
	return hl_info(dev, HL_INFO_DRAM_PENDING_ROWS, rows, sizeof(*rows), 0,
		       NULL);
}

int hl_info_sec_attest(struct hl_dev *dev, uint32_t nonce,
		       struct hl_info_sec_attest *out)
{
	memset(out, 0, sizeof(*out));
	return hl_info(dev, HL_INFO_SECURED_ATTESTATION, out, sizeof(*out),
		       nonce, NULL);
}

int hl_info_register_eventfd(struct hl_dev *dev, int efd)
{
	if (efd < 0)
		return hl__fail(dev, -EBADF, "INFO REGISTER_EVENTFD: fd %d", efd);
	/* The kernel ignores the buffer for this opcode. */
	return hl_info(dev, HL_INFO_REGISTER_EVENTFD, NULL, 0, (uint32_t)efd,
		       NULL);
}

int hl_info_unregister_eventfd(struct hl_dev *dev)
{
	return hl_info(dev, HL_INFO_UNREGISTER_EVENTFD, NULL, 0, 0, NULL);
}

int hl_info_get_events(struct hl_dev *dev, uint64_t *mask)
{
	*mask = 0;
	return hl_info(dev, HL_INFO_GET_EVENTS, mask, sizeof(*mask), 0, NULL);
}

int hl_info_engine_status(struct hl_dev *dev, char *buf, uint32_t size,
			  uint32_t *actual)
{
	uint32_t got = 0;
	int rc;

	if (!buf || size < 2)
		return hl__fail(dev, -EINVAL, "INFO ENGINE_STATUS: buffer too small");
	memset(buf, 0, size);
	rc = hl_info(dev, HL_INFO_ENGINE_STATUS, buf, size - 1, 0, &got);
	if (rc)
		return rc;
	if (got > size - 1)
		got = size - 1;
	buf[got] = '\0';
	if (actual)
		*actual = got;
	return 0;
}
