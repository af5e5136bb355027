/*
 * Goya device core: portability shim.
 *
 * The core (and firmware-stub/) are plain C + GLib.  Inside QEMU they are
 * compiled with QEMU's headers so that trace events and LOG_UNIMP go to
 * QEMU's trace/log backends; stand-alone (unit tests, fuzzers, benchmarks)
 * they use generated no-op/stderr trace stubs.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef GOYA_PORT_H
#define GOYA_PORT_H

#ifndef GOYA_STANDALONE
#define GOYA_IN_QEMU 1
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "qemu/bswap.h"
#include "trace/trace-hw_misc_goya.h"
#include "trace/trace-hw_misc_goya_firmware_stub.h"
#define goya_log_unimp(...) qemu_log_mask(LOG_UNIMP, __VA_ARGS__)
#define goya_log_guest_error(...) qemu_log_mask(LOG_GUEST_ERROR, __VA_ARGS__)
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <inttypes.h>
#include <glib.h>
#include "goya-trace-stubs.h"   /* generated from trace-events */

/* Little-endian loads as QEMU's qemu/bswap.h provides them. */
static inline uint32_t ldl_le_p(const void *p)
{
    uint32_t v;

    memcpy(&v, p, sizeof(v));
    return GUINT32_FROM_LE(v);
}

static inline uint64_t ldq_le_p(const void *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
    return GUINT64_FROM_LE(v);
}

static inline void stl_le_p(void *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, sizeof(v));
}

static inline void stq_le_p(void *p, uint64_t v)
{
    v = GUINT64_TO_LE(v);
    memcpy(p, &v, sizeof(v));
}
void goya_log_unimp(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
void goya_log_guest_error(const char *fmt, ...) G_GNUC_PRINTF(1, 2);
#endif

#endif
