/*
 * Goya device core: migration support that is not plain field copying.
 * The QEMU skin (goya.c) serializes GoyaCore's fields with VMState; these
 * helpers freeze what depends on the host clock before a save and check
 * and re-base everything after a load, so that a hostile or corrupt stream
 * never leaves an index the engines would trust out of range.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include "goya_core.h"

static const char *qman_state_invalid(const GoyaQman *q)
{
    if (q->fence_id >= G_N_ELEMENTS(q->fence_cnt)) {
        return "fence id out of range";
    }
    if (q->cb_off > q->cb_len) {
        return "command buffer offset beyond its length";
    }
    if (q->dma_done > q->dma_size || q->dma_size > UINT32_MAX) {
        return "LIN_DMA progress beyond its size";
    }
    if (q->is_cmdq && q->cpdma_wait) {
        return "a CMDQ cannot wait for a CP_DMA";
    }
    return NULL;
}

int goya_core_post_load(GoyaCore *s, uint64_t ts_value, char **errp)
{
    if (s->rr_next >= GOYA_NUM_QMANS) {
        *errp = g_strdup("round-robin index out of range");
        return -1;
    }
    for (unsigned i = 0; i < GOYA_NUM_QMANS; i++) {
        const char *why = qman_state_invalid(&s->qman[i]);

        if (why) {
            *errp = g_strdup_printf("%s: %s", s->qman[i].name, why);
            return -1;
        }
    }
    s->in_run = false;
    s->sync_evaluating = false;
    s->sync_again = false;
    /* The TLB is a cache of the (migrated) page tables: start it cold. */
    s->tlb_generation++;
    /* The timestamp counter continues from its saved value, on our clock. */
    s->ts_frozen = ts_value;
    s->ts_base_ns = s->ops->now_ns(s->opaque);
    return 0;
}
