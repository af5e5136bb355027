// SPDX-License-Identifier: GPL-2.0-or-later
/* libhl: coresight debug/profiling (HL_IOCTL_DEBUG). */
#include <errno.h>
#include <string.h>

#include "hl_priv.h"

_Static_assert(sizeof(struct hl_debug_args) == 40, "hl_debug_args layout");

static const char *const debug_op_names[] = {
	[HL_DEBUG_OP_ETR] = "ETR",
	[HL_DEBUG_OP_ETF] = "ETF",
	[HL_DEBUG_OP_STM] = "STM",
	[HL_DEBUG_OP_FUNNEL] = "FUNNEL",
	[HL_DEBUG_OP_BMON] = "BMON",
	[HL_DEBUG_OP_SPMU] = "SPMU",
	[HL_DEBUG_OP_TIMESTAMP] = "TIMESTAMP",
	[HL_DEBUG_OP_SET_MODE] = "SET_MODE",
};

const char *hl_debug_op_name(uint32_t op)
{
	if (op < sizeof(debug_op_names) / sizeof(debug_op_names[0]) &&
	    debug_op_names[op])
		return debug_op_names[op];
	return "?";
}

int hl_debug(struct hl_dev *dev, uint32_t op, uint32_t reg_idx, bool enable,
	     const void *input, uint32_t input_size, void *output,
	     uint32_t output_size)
{
	struct hl_debug_args args;
	int rc;

	memset(&args, 0, sizeof(args));
	args.op = op;
	args.reg_idx = reg_idx;
	args.enable = enable;
	args.input_ptr = (uint64_t)(uintptr_t)input;
	args.input_size = input ? input_size : 0;
	args.output_ptr = (uint64_t)(uintptr_t)output;
	args.output_size = output ? output_size : 0;
	rc = hl__ioctl(dev->fd, HL_IOCTL_DEBUG, &args);
	if (rc)
		return hl__fail(dev, rc, "DEBUG %s (reg_idx %u, %s)",
				hl_debug_op_name(op), reg_idx,
				enable ? "enable" : "disable");
	return 0;
}

int hl_debug_set_mode(struct hl_dev *dev, bool enable)
{
	return hl_debug(dev, HL_DEBUG_OP_SET_MODE, 0, enable, NULL, 0, NULL, 0);
}
