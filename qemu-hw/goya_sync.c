/*
 * Goya sync manager: 1024 sync objects (SOBs) and 256 monitors.
 *
 * The Goya headers define only where the block is (SOB_OBJ_0,
 * MON_PAY_ADDRL_0, MON_STATUS_0); the rest follows what the same driver
 * defines for Gaudi's sync manager:
 *   MON_PAY_ADDRL/ADDRH/DATA/ARM/STATUS arrays of 256 x 4 bytes in order;
 *   a SOB write carries the value in bits 14:0, bit 31 = add (else set);
 *   MON_ARM: group id 7:0 (SOBs gid*8..gid*8+7), mask 15:8 (a 0 bit
 *   selects that SOB), mode 16 (0: >=, 1: ==), value 31:17.
 * An armed monitor whose selected SOBs all satisfy the condition writes
 * MON_PAY_DATA to MON_PAY_ADDRH:ADDRL (typically a QMAN CP_FENCEn_RDATA,
 * which releases a FENCE) and disarms.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include "goya_core.h"

#define SM_NUM_SOBS             1024
#define SM_NUM_MONS             256
#define SM_MON_PAY_ADDRH_0      (mmSYNC_MNGR_MON_PAY_ADDRL_0 + 0x400)
#define SM_MON_PAY_DATA_0       (mmSYNC_MNGR_MON_PAY_ADDRL_0 + 0x800)
#define SM_MON_ARM_0            (mmSYNC_MNGR_MON_PAY_ADDRL_0 + 0xC00)
#define SOB_VAL_MASK            0x7FFF
#define SOB_ADD                 (1u << 31)
#define MON_GID(arm)            ((arm) & 0xFF)
#define MON_MASK(arm)           (((arm) >> 8) & 0xFF)
#define MON_MODE_EQ(arm)        ((arm) & (1u << 16))
#define MON_VAL(arm)            ((arm) >> 17)
#define MON_STATUS_VALID        (1u << 0)
/*
 * Fires handled per SOB write; a monitor that re-arms itself from its own
 * payload cannot spin the device.
 */
#define SM_MAX_FIRES            (2 * SM_NUM_MONS)

static uint32_t sob(GoyaCore *s, unsigned id)
{
    return goya_reg(s, mmSYNC_MNGR_SOB_OBJ_0 + 4 * id);
}

static bool mon_satisfied(GoyaCore *s, uint32_t arm)
{
    unsigned selected = ~MON_MASK(arm) & 0xFF;

    if (!selected || MON_GID(arm) * 8 >= SM_NUM_SOBS) {
        return false;
    }
    for (unsigned i = 0; i < 8; i++) {
        uint32_t v;

        if (!(selected & (1u << i))) {
            continue;
        }
        v = sob(s, MON_GID(arm) * 8 + i);
        if (MON_MODE_EQ(arm) ? v != MON_VAL(arm) : v < MON_VAL(arm)) {
            return false;
        }
    }
    return true;
}

/*
 * Fire every armed monitor whose condition holds.  A payload can write a
 * SOB or a MON_ARM again (even its own): such nested evaluations are
 * folded into this loop instead of recursing, and the total number of
 * fires is capped, so a self-re-arming monitor cannot hang or overflow
 * the stack.
 */
static void sync_evaluate(GoyaCore *s)
{
    unsigned fires = 0;

    if (s->sync_evaluating) {
        s->sync_again = true;
        return;
    }
    s->sync_evaluating = true;
    s->sync_again = true;
    while (s->sync_again && fires < SM_MAX_FIRES) {
        s->sync_again = false;
        for (unsigned m = 0; m < SM_NUM_MONS && fires < SM_MAX_FIRES; m++) {
            uint32_t status = goya_reg(s, mmSYNC_MNGR_MON_STATUS_0 + 4 * m);
            uint32_t arm = goya_reg(s, SM_MON_ARM_0 + 4 * m);
            uint64_t addr;
            GoyaInitiator sm = { .qman = -2 };

            if (!(status & MON_STATUS_VALID) || !mon_satisfied(s, arm)) {
                continue;
            }
            goya_reg_set(s, mmSYNC_MNGR_MON_STATUS_0 + 4 * m,
                         status & ~MON_STATUS_VALID);
            addr = (uint64_t)goya_reg(s, SM_MON_PAY_ADDRH_0 + 4 * m) << 32 |
                   goya_reg(s, mmSYNC_MNGR_MON_PAY_ADDRL_0 + 4 * m);
            trace_goya_sync_mon_fire(m, addr,
                                     goya_reg(s, SM_MON_PAY_DATA_0 + 4 * m));
            fires++;
            if (goya_mem_write32(s, &sm, addr,
                                 goya_reg(s, SM_MON_PAY_DATA_0 + 4 * m)) !=
                GOYA_XFER_OK) {
                goya_log_guest_error("goya: monitor %u payload write to "
                                     "0x%" PRIx64 " failed\n", m, addr);
            }
        }
    }
    if (fires >= SM_MAX_FIRES) {
        goya_log_guest_error("goya: sync manager stopped after %u monitor "
                             "fires in one update\n", fires);
    }
    s->sync_evaluating = false;
}

bool goya_sync_reg_write(GoyaCore *s, uint32_t reg, uint32_t val)
{
    if (reg >= mmSYNC_MNGR_SOB_OBJ_0 &&
        reg < mmSYNC_MNGR_SOB_OBJ_0 + 4 * SM_NUM_SOBS) {
        uint32_t old = goya_reg(s, reg);
        uint32_t v = val & SOB_ADD ? (old + (val & SOB_VAL_MASK)) &
                                     SOB_VAL_MASK : val & SOB_VAL_MASK;

        goya_reg_set(s, reg, v);
        trace_goya_sync_sob((reg - mmSYNC_MNGR_SOB_OBJ_0) / 4, old, v);
        sync_evaluate(s);
        return true;
    }
    if (reg >= SM_MON_ARM_0 && reg < SM_MON_ARM_0 + 4 * SM_NUM_MONS) {
        unsigned m = (reg - SM_MON_ARM_0) / 4;

        goya_reg_set(s, reg, val);
        goya_reg_set(s, mmSYNC_MNGR_MON_STATUS_0 + 4 * m, MON_STATUS_VALID);
        trace_goya_sync_mon_arm(m, val);
        sync_evaluate(s);
        return true;
    }
    return false;
}
