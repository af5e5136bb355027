/*
 * Goya sync manager: 1024 sync objects (SOBs) and 256 monitors.
 *
 * The driver never arms a monitor, so the formats come from the vendor's
 * public Goya userspace headers and silicon observations, collected in
 * the driver contract §17.1 (see docs/fidelity.md, "Sync manager"):
 *   MON_PAY_ADDRL/ADDRH/DATA/ARM/STATUS: arrays of 256 x 4 bytes at
 *   0x113000/0x113400/0x113800/0x113C00/0x114000;
 *   a SOB update carries the value in bits 15:0, bit 31 = add (else set),
 *   bits 30:16 are zero;
 *   MON_ARM: bits 9:0 = the one SOB watched, bit 15 = mode (0: SOB >=
 *   value, 1: SOB == value), bits 31:16 = value.  No group, no mask.
 * An armed monitor whose condition holds (at arm time or after a later
 * SOB update) writes MON_PAY_DATA to MON_PAY_ADDRH:ADDRL (typically a
 * QMAN's CP_FENCEn_RDATA, which releases a FENCE) and disarms.
 *
 * Not known from any source, chosen here (docs/fidelity.md):
 *   MON_ARM bits 14:10 are ignored;
 *   MON_STATUS bit 0 = armed (Gaudi's VALID bit); set by a MON_ARM write,
 *   cleared when the monitor fires; a MON_STATUS write can disarm (bit 0
 *   clear) but never arm;
 *   a payload write that decodes to nothing is dropped and flagged in
 *   DMA_MACRO_RAZWI_LBW_WT_VLD (the sync manager has no error message
 *   register of its own).
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
#define SOB_VAL_MASK            0xFFFFu
#define SOB_ADD                 (1u << 31)
#define MON_SOB(arm)            ((arm) & 0x3FFu)
#define MON_MODE_EQ(arm)        ((arm) & (1u << 15))
#define MON_VAL(arm)            ((arm) >> 16)
#define MON_STATUS_ARMED        (1u << 0)
/*
 * Fires handled per SOB write; a monitor that re-arms itself from its own
 * payload cannot spin the device.
 */
#define SM_MAX_FIRES            (2 * SM_NUM_MONS)

static bool mon_satisfied(GoyaCore *s, uint32_t arm)
{
    uint32_t v = goya_reg(s, mmSYNC_MNGR_SOB_OBJ_0 + 4 * MON_SOB(arm));

    return MON_MODE_EQ(arm) ? v == MON_VAL(arm) : v >= MON_VAL(arm);
}

static void mon_fire(GoyaCore *s, unsigned m)
{
    GoyaInitiator sm = { .qman = -2 };
    uint64_t addr = (uint64_t)goya_reg(s, SM_MON_PAY_ADDRH_0 + 4 * m) << 32 |
                    goya_reg(s, mmSYNC_MNGR_MON_PAY_ADDRL_0 + 4 * m);
    uint32_t data = goya_reg(s, SM_MON_PAY_DATA_0 + 4 * m);

    goya_reg_set(s, mmSYNC_MNGR_MON_STATUS_0 + 4 * m, 0);
    trace_goya_sync_mon_fire(m, addr, data);
    if (goya_mem_write32(s, &sm, addr, data) != GOYA_XFER_OK) {
        goya_reg_set(s, mmDMA_MACRO_RAZWI_LBW_WT_VLD, 1);
        trace_goya_ub_sync_mon_payload(m, addr);
        goya_log_guest_error("goya: monitor %u payload write to "
                             "0x%" PRIx64 " failed\n", m, addr);
    }
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
            if (!(goya_reg(s, mmSYNC_MNGR_MON_STATUS_0 + 4 * m) &
                  MON_STATUS_ARMED) ||
                !mon_satisfied(s, goya_reg(s, SM_MON_ARM_0 + 4 * m))) {
                continue;
            }
            fires++;
            mon_fire(s, m);
        }
    }
    if (fires >= SM_MAX_FIRES) {
        trace_goya_ub_sync_fire_limit(fires);
        goya_log_guest_error("goya: sync manager stopped after %u monitor "
                             "fires in one update\n", fires);
    }
    s->sync_evaluating = false;
}

static bool in_array(uint32_t reg, uint32_t base, unsigned n)
{
    return reg >= base && reg < base + 4 * n;
}

bool goya_sync_reg_write(GoyaCore *s, uint32_t reg, uint32_t val)
{
    if (in_array(reg, mmSYNC_MNGR_SOB_OBJ_0, SM_NUM_SOBS)) {
        uint32_t old = goya_reg(s, reg);
        uint32_t v = (val & SOB_ADD ? old + (val & SOB_VAL_MASK) : val) &
                     SOB_VAL_MASK;

        goya_reg_set(s, reg, v);
        trace_goya_sync_sob((reg - mmSYNC_MNGR_SOB_OBJ_0) / 4, old, v);
        sync_evaluate(s);
        return true;
    }
    if (in_array(reg, SM_MON_ARM_0, SM_NUM_MONS)) {
        unsigned m = (reg - SM_MON_ARM_0) / 4;

        goya_reg_set(s, reg, val);
        goya_reg_set(s, mmSYNC_MNGR_MON_STATUS_0 + 4 * m, MON_STATUS_ARMED);
        trace_goya_sync_mon_arm(m, MON_SOB(val), !!MON_MODE_EQ(val),
                                MON_VAL(val));
        sync_evaluate(s);
        return true;
    }
    if (in_array(reg, mmSYNC_MNGR_MON_STATUS_0, SM_NUM_MONS)) {
        trace_goya_sync_mon_status((reg - mmSYNC_MNGR_MON_STATUS_0) / 4, val);
        if (!(val & MON_STATUS_ARMED)) {
            goya_reg_set(s, reg, 0);
        }
        return true;
    }
    return false;
}
