/*
 * Goya fault injection: make the device fail the way silicon does, on the
 * host's command (docs/fault-injection.md).  QEMU-free; the QOM property
 * "inject" of goya.c and the unit tests drive it.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GOYA_INJECT_H
#define GOYA_INJECT_H

#include "goya_core.h"

typedef struct GoyaInjectStats {
    uint64_t injected;          /* faults accepted */
    uint64_t refused;           /* specs rejected (bad input, wrong state) */
    uint64_t ecc_corrected;     /* single-bit errors the memories corrected */
    uint64_t ecc_uncorrected;   /* double-bit errors reported */
} GoyaInjectStats;

/*
 * Apply one fault described by @spec, "name[,key=value]..." (see
 * docs/fault-injection.md for the names).  Returns 0, or -1 with *errp
 * set to a message naming the bad argument (g_free it); on -1 nothing
 * was injected.
 */
int goya_inject(GoyaCore *s, GoyaInjectStats *st, const char *spec,
                char **errp);

#endif
