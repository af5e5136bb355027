/*
 * Host-side glue for the Goya core when built outside QEMU: trace and log
 * sinks for unit tests, fuzzers and benchmarks.
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include <stdarg.h>

/* GOYA_TRACE="goya_fw_*,goya_dma_*" or "*" enables stderr tracing. */
bool goya_trace_enabled(const char *name)
{
    static gchar **patterns;
    static bool inited;

    if (!inited) {
        const char *env = getenv("GOYA_TRACE");

        patterns = env ? g_strsplit(env, ",", -1) : NULL;
        inited = true;
    }
    for (gchar **p = patterns; p && *p; p++) {
        if (g_pattern_match_simple(*p, name)) {
            return true;
        }
    }
    return false;
}

static void goya_log(const char *kind, const char *fmt, va_list ap)
{
    if (getenv("GOYA_LOG")) {
        fprintf(stderr, "%s: ", kind);
        vfprintf(stderr, fmt, ap);
    }
}

void goya_log_unimp(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    goya_log("unimp", fmt, ap);
    va_end(ap);
}

void goya_log_guest_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    goya_log("guest_error", fmt, ap);
    va_end(ap);
}
