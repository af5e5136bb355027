/*
 * Goya fault injection (docs/fault-injection.md).
 *
 * A fault is what a part of the chip does when it fails: a memory reports
 * an ECC error to the device CPU's interrupt controller, a bus decoder
 * captures an illegal access (RAZWI) or the MMU a page fault and raises
 * the initiator's error interrupt, a QMAN stops with GLBL_STS1 set and
 * sends its error message, the device CPU stops answering or answers with
 * errors, the board leaves its thermal or power envelope, the boot ROM and
 * preboot report boot errors.  Nothing here calls into the driver: every
 * effect reaches it through registers, the CPU-CP event queue and MSI-X,
 * as on silicon.
 *
 * Event ids are the driver's (include/goya/goya_async_events.h).
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "firmware-stub/goya-port.h"
#include "goya_core.h"
#include "goya_inject.h"
#include "firmware-stub/goya_fw_if.h"
#include "firmware-stub/goya_fw_regs.h"
#include <errno.h>

#define INJ_VA_BITS             50      /* MMU_PAGE_ERROR_CAPTURE VA[49:32] */
#define INJ_BOOT_ERR0_DECODED   0x007C3FFFu /* hl_boot_if.h: 0-13, 18-22 */
/* ERR1 has no error bits defined (hl_boot_if.h): any but ENABLED (31) */
#define INJ_BOOT_ERR1_BITS      0x7FFFFFFFu
#define INJ_MAX_PKT_ERRORS      1000
#define INJ_SRAM_BANKS          30

/* Events of goya_async_events.h used here */
#define EV_PCIE_IF              33
#define EV_TPC0_ECC             36      /* TPCn: 36 + 3n */
#define EV_MME_ECC              60
#define EV_MME_ECC_EXT          61
#define EV_MMU_ECC              63
#define EV_DMA_MACRO            64
#define EV_DMA_ECC              66
#define EV_CPU_IF_ECC           75
#define EV_PSOC_MEM             78
#define EV_PSOC_CORESIGHT       79
#define EV_SRAM0                81      /* SRAMn: 81 + n */
#define EV_GIC500               112
#define EV_PCIE_DEC             115
#define EV_TPC0_DEC             117     /* TPCn: 117 + 3n */
#define EV_AXI_ECC              139
#define EV_L2_RAM_ECC           140
#define EV_MME_WACS             141
#define EV_MME_WACSD            142
#define EV_CPU_AXI_SPLITTER     155
#define EV_PSOC_AXI_DEC         159
#define EV_DDR0_DB_ECC          302
#define EV_DDR1_DB_ECC          312

typedef enum InjMem {
    MEM_NONE,                   /* engine-internal memory: no address */
    MEM_DRAM,
    MEM_SRAM,
} InjMem;

typedef struct InjEccBlock {
    const char *name;
    uint16_t event;             /* reported on an uncorrectable error */
    InjMem mem;
} InjEccBlock;

typedef struct InjInitiator {
    const char *name;
    uint16_t event;             /* the decoder's error interrupt */
} InjInitiator;

typedef struct InjArgs {
    char **kv;                  /* "key=value" strings after the name */
    uint32_t used;              /* bit i: kv[i] consumed */
    char *err;
} InjArgs;

/* "<prefix><n>" with 0 <= n < @max, no leading zeros or trailing text */
static bool numbered(const char *name, const char *prefix, unsigned max,
                     unsigned *n)
{
    size_t plen = strlen(prefix);
    g_autofree char *canon = NULL;

    if (strncmp(name, prefix, plen) || !g_ascii_isdigit(name[plen])) {
        return false;
    }
    *n = (unsigned)g_ascii_strtoull(name + plen, NULL, 10);
    canon = g_strdup_printf("%s%u", prefix, *n);
    return *n < max && !strcmp(canon, name);
}

static const InjEccBlock *ecc_block(const char *name, InjEccBlock *buf)
{
    static const InjEccBlock fixed[] = {
        { "dram0", EV_DDR0_DB_ECC, MEM_DRAM },
        { "dram1", EV_DDR1_DB_ECC, MEM_DRAM },
        { "mme", EV_MME_ECC, MEM_NONE },
        { "mme-ext", EV_MME_ECC_EXT, MEM_NONE },
        { "mmu", EV_MMU_ECC, MEM_NONE },
        { "dma", EV_DMA_ECC, MEM_NONE },
        { "dma-macro", EV_DMA_MACRO, MEM_NONE },
        { "cpu-if", EV_CPU_IF_ECC, MEM_NONE },
        { "psoc-mem", EV_PSOC_MEM, MEM_NONE },
        { "psoc-coresight", EV_PSOC_CORESIGHT, MEM_NONE },
        { "pcie-if", EV_PCIE_IF, MEM_NONE },
        { "gic", EV_GIC500, MEM_NONE },
        { "axi", EV_AXI_ECC, MEM_NONE },
        { "l2", EV_L2_RAM_ECC, MEM_NONE },
    };
    unsigned n;

    for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) {
        if (!strcmp(name, fixed[i].name)) {
            return &fixed[i];
        }
    }
    if (numbered(name, "tpc", 8, &n)) {
        *buf = (InjEccBlock) { "tpc", EV_TPC0_ECC + 3 * n, MEM_NONE };
        return buf;
    }
    if (numbered(name, "sram", INJ_SRAM_BANKS, &n)) {
        *buf = (InjEccBlock) { "sram", EV_SRAM0 + n, MEM_SRAM };
        return buf;
    }
    return NULL;
}

static bool initiator(const char *name, InjInitiator *out)
{
    static const InjInitiator fixed[] = {
        { "pcie", EV_PCIE_DEC },
        { "mme", EV_MME_WACS },
        { "mme-d", EV_MME_WACSD },
        { "cpu", EV_CPU_AXI_SPLITTER },
        { "psoc", EV_PSOC_AXI_DEC },
    };
    unsigned n;

    for (size_t i = 0; i < G_N_ELEMENTS(fixed); i++) {
        if (!strcmp(name, fixed[i].name)) {
            *out = fixed[i];
            return true;
        }
    }
    if (numbered(name, "tpc", 8, &n)) {
        *out = (InjInitiator) { name, EV_TPC0_DEC + 3 * n };
        return true;
    }
    return false;
}

/* dma0..4, mme, mme-cmdq, tpc0..7, tpc0-cmdq..tpc7-cmdq */
static int queue_index(const char *name)
{
    g_autofree char *base = NULL;
    bool cmdq = g_str_has_suffix(name, "-cmdq");
    unsigned n;

    base = g_strndup(name, strlen(name) - (cmdq ? 5 : 0));
    if (!strcmp(base, "mme")) {
        return cmdq ? GOYA_QMAN_MME_CMDQ : GOYA_QMAN_MME;
    }
    if (!cmdq && numbered(base, "dma", 5, &n)) {
        return n;
    }
    if (numbered(base, "tpc", 8, &n)) {
        return cmdq ? GOYA_QMAN_TPC_CMDQ(n) : GOYA_QMAN_TPC(n);
    }
    return -1;
}

static bool inj_fail(InjArgs *a, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
static bool inj_fail(InjArgs *a, const char *fmt, ...)
{
    va_list ap;

    if (!a->err) {
        va_start(ap, fmt);
        a->err = g_strdup_vprintf(fmt, ap);
        va_end(ap);
    }
    return false;
}

/* The value of key=..., NULL if absent.  Marks the argument as used. */
static const char *arg_str(InjArgs *a, const char *key)
{
    size_t klen = strlen(key);

    for (unsigned i = 0; a->kv[i]; i++) {
        if (!strncmp(a->kv[i], key, klen) && a->kv[i][klen] == '=') {
            a->used |= 1u << i;
            return a->kv[i] + klen + 1;
        }
    }
    return NULL;
}

static bool arg_u64(InjArgs *a, const char *key, uint64_t *val, bool required)
{
    const char *v = arg_str(a, key);
    char *end;

    if (!v) {
        return required ? inj_fail(a, "missing argument '%s'", key) : true;
    }
    errno = 0;
    *val = g_ascii_strtoull(v, &end, 0);
    if (!*v || *end || errno || v[0] == '-') {
        return inj_fail(a, "argument '%s': '%s' is not a number", key, v);
    }
    return true;
}

/* @choices is a NULL-terminated list; *idx is the match. */
static bool arg_choice(InjArgs *a, const char *key, const char *const *choices,
                       unsigned *idx, bool required)
{
    const char *v = arg_str(a, key);

    if (!v) {
        return required ? inj_fail(a, "missing argument '%s'", key) : true;
    }
    for (unsigned i = 0; choices[i]; i++) {
        if (!strcmp(v, choices[i])) {
            *idx = i;
            return true;
        }
    }
    return inj_fail(a, "argument '%s': unknown value '%s'", key, v);
}

static bool events_ready(GoyaCore *s, InjArgs *a)
{
    if (!goya_fw_events_ready(s->fw)) {
        return inj_fail(a, "the device CPU is not serving its event queue "
                        "(no driver bound, device in reset, or CPU hung)");
    }
    return true;
}

/* An engine's error interrupt to the device CPU (what GLBL_ERR_ADDR hits). */
static void raise_spi(GoyaCore *s, unsigned event)
{
    trace_goya_inject_spi(event);
    goya_fw_reg_write(s->fw, mmGIC_DISTRIBUTOR__5_GICD_SETSPI_NSR, event);
}

/* ecc,block=B,kind=single|double[,addr=A] */
static bool inj_ecc(GoyaCore *s, GoyaInjectStats *st, InjArgs *a,
                    bool uncorrectable, bool apply)
{
    InjEccBlock buf;
    const InjEccBlock *b;
    const char *name = arg_str(a, "block");
    uint64_t addr = 0, limit = 0;
    bool has_addr;
    uint8_t *mem = NULL;

    if (!name) {
        return inj_fail(a, "missing argument 'block'");
    }
    b = ecc_block(name, &buf);
    if (!b) {
        return inj_fail(a, "argument 'block': no memory '%s' on the device",
                        name);
    }
    has_addr = arg_str(a, "addr") != NULL;
    if (!arg_u64(a, "addr", &addr, false)) {
        return false;
    }
    if (has_addr) {
        switch (b->mem) {
        case MEM_DRAM:
            limit = s->dram_size;
            mem = s->dram;
            break;
        case MEM_SRAM:
            limit = SRAM_SIZE;
            mem = s->sram;
            break;
        case MEM_NONE:
            return inj_fail(a, "argument 'addr': block '%s' is not "
                            "addressable (engine-internal memory)", name);
        }
        if (addr >= limit) {
            return inj_fail(a, "argument 'addr': 0x%" PRIx64 " is outside "
                            "%s (0x%" PRIx64 " bytes)", addr, name, limit);
        }
    }
    if (uncorrectable && !events_ready(s, a)) {
        return false;
    }
    if (!apply) {
        return true;
    }
    trace_goya_inject_ecc(name, uncorrectable, addr,
                          uncorrectable ? b->event : 0);
    if (!uncorrectable) {
        /* corrected in the read path: the data stays good */
        st->ecc_corrected++;
        return true;
    }
    if (mem) {
        mem[addr] ^= 0x11;      /* two flipped bits the code cannot fix */
    }
    st->ecc_uncorrected++;
    raise_spi(s, b->event);
    return true;
}

/* razwi|mmu-fault,initiator=I,addr=A[,dir=read|write] */
static bool inj_bad_access(GoyaCore *s, InjArgs *a, bool mmu, bool apply)
{
    static const char *const dirs[] = { "read", "write", NULL };
    const char *name = arg_str(a, "initiator");
    InjInitiator who;
    uint64_t addr = 0;
    unsigned dir = 1;
    bool lbw;

    if (!name) {
        return inj_fail(a, "missing argument 'initiator'");
    }
    if (!initiator(name, &who)) {
        return inj_fail(a, "argument 'initiator': no initiator '%s'", name);
    }
    if (!arg_u64(a, "addr", &addr, true) ||
        !arg_choice(a, "dir", dirs, &dir, false)) {
        return false;
    }
    if (addr >> INJ_VA_BITS) {
        return inj_fail(a, "argument 'addr': 0x%" PRIx64 " is outside the "
                        "device's %d-bit address space", addr, INJ_VA_BITS);
    }
    if (mmu && !goya_mmu_enabled(s)) {
        return inj_fail(a, "the MMU is disabled: no page fault possible");
    }
    if (!events_ready(s, a)) {
        return false;
    }
    if (!apply) {
        return true;
    }
    if (mmu) {
        GoyaInitiator gi = { .translate = true, .qman = -1 };

        trace_goya_inject_capture("mmu", addr, dir);
        goya_mmu_record_fault(s, &gi, addr);
    } else {
        lbw = addr >= CFG_BASE && addr - CFG_BASE < CFG_SIZE;
        trace_goya_inject_capture(lbw ? "razwi-lbw" : "razwi-hbw", addr, dir);
        goya_reg_set(s, lbw ? (dir ? mmDMA_MACRO_RAZWI_LBW_WT_VLD :
                               mmDMA_MACRO_RAZWI_LBW_RD_VLD) :
                              (dir ? mmDMA_MACRO_RAZWI_HBW_WT_VLD :
                               mmDMA_MACRO_RAZWI_HBW_RD_VLD), 1);
    }
    raise_spi(s, who.event);
    return true;
}

/* qman-err,queue=Q[,cause=N] */
static bool inj_qman(GoyaCore *s, InjArgs *a, bool apply)
{
    const char *name = arg_str(a, "queue");
    uint64_t cause = 1u << 1;   /* undefined opcode */
    int q;

    if (!name) {
        return inj_fail(a, "missing argument 'queue'");
    }
    q = queue_index(name);
    if (q < 0) {
        return inj_fail(a, "argument 'queue': no queue '%s'", name);
    }
    if (!arg_u64(a, "cause", &cause, false)) {
        return false;
    }
    if (!cause || cause > 0xFFFFFFFFu) {
        return inj_fail(a, "argument 'cause': 0x%" PRIx64 " is not a "
                        "GLBL_STS1 error mask", cause);
    }
    if (!events_ready(s, a)) {
        return false;
    }
    if (!apply) {
        return true;
    }
    goya_qman_error(s, &s->qman[q], cause, 0);
    return true;
}

/* fw-error[,count=N][,rc=N] */
static bool inj_fw_error(GoyaCore *s, InjArgs *a, bool apply)
{
    uint64_t count = 1, rc = CPUCP_RC_FAULT;

    if (!arg_u64(a, "count", &count, false) ||
        !arg_u64(a, "rc", &rc, false)) {
        return false;
    }
    if (!count || count > INJ_MAX_PKT_ERRORS) {
        return inj_fail(a, "argument 'count': %" PRIu64 " not in 1..%d",
                        count, INJ_MAX_PKT_ERRORS);
    }
    if (!rc || rc > CPUCP_CTL_RC_MASK >> CPUCP_CTL_RC_SHIFT) {
        return inj_fail(a, "argument 'rc': %" PRIu64 " not in 1..15", rc);
    }
    if (apply) {
        goya_fw_inject_pkt_errors(s->fw, count, rc);
    }
    return true;
}

/* thermal|power,state=start|end */
static bool inj_env(GoyaCore *s, InjArgs *a, bool thermal, bool apply)
{
    static const char *const states[] = { "end", "start", NULL };
    unsigned start = 1;

    if (!arg_choice(a, "state", states, &start, false)) {
        return false;
    }
    if (apply) {
        goya_fw_inject_env(s->fw, thermal, start);
    }
    return true;
}

static bool inj_boot(GoyaCore *s, InjArgs *a, const char *fault, bool apply)
{
    static const char *const stages[] = { "none", "preboot", "uboot",
                                          "linux", NULL };
    static const char *const images[] = { "boot", "linux", "both", NULL };
    uint64_t bits = 0;
    unsigned idx = 0;

    if (!strcmp(fault, "boot-err") || !strcmp(fault, "boot-err1")) {
        bool err1 = !strcmp(fault, "boot-err1");
        uint32_t valid = err1 ? INJ_BOOT_ERR1_BITS : INJ_BOOT_ERR0_DECODED;

        if (!arg_u64(a, "bits", &bits, true)) {
            return false;
        }
        if (!bits || (bits & ~(uint64_t)valid)) {
            return inj_fail(a, "argument 'bits': 0x%" PRIx64 " has bits "
                            "outside CPU_BOOT_ERR%d's error bits 0x%x", bits,
                            err1, valid);
        }
        if (apply) {
            goya_fw_inject_boot_err(s->fw, err1, bits);
        }
    } else if (!strcmp(fault, "boot-stuck")) {
        if (!arg_choice(a, "stage", stages, &idx, true)) {
            return false;
        }
        if (apply) {
            goya_fw_inject_boot_stuck(s->fw, idx);
        }
    } else {
        idx = 0;
        if (!arg_choice(a, "image", images, &idx, false)) {
            return false;
        }
        if (apply) {
            goya_fw_inject_fit_corrupt(s->fw, idx == 2 ? 3 : 1u << idx);
        }
    }
    return true;
}

/*
 * Parse (and with @apply, inject) @fault.  Without @apply nothing changes:
 * goya_inject() checks the whole specification first, so a bad argument
 * anywhere leaves the device untouched.
 */
static bool inj_dispatch(GoyaCore *s, GoyaInjectStats *st, InjArgs *a,
                         const char *fault, bool apply)
{
    if (!strcmp(fault, "ecc-serr") || !strcmp(fault, "ecc-derr")) {
        return inj_ecc(s, st, a, fault[4] == 'd', apply);
    } else if (!strcmp(fault, "razwi") || !strcmp(fault, "mmu-fault")) {
        return inj_bad_access(s, a, fault[0] == 'm', apply);
    } else if (!strcmp(fault, "qman-err")) {
        return inj_qman(s, a, apply);
    } else if (!strcmp(fault, "fw-hang")) {
        if (apply) {
            goya_fw_inject_hang(s->fw);
        }
        return true;
    } else if (!strcmp(fault, "fw-error")) {
        return inj_fw_error(s, a, apply);
    } else if (!strcmp(fault, "thermal") || !strcmp(fault, "power")) {
        return inj_env(s, a, fault[0] == 't', apply);
    } else if (!strcmp(fault, "boot-err") || !strcmp(fault, "boot-err1") ||
               !strcmp(fault, "boot-stuck") || !strcmp(fault, "fit-corrupt")) {
        return inj_boot(s, a, fault, apply);
    } else if (!strcmp(fault, "clear")) {
        if (apply) {
            goya_fw_inject_clear(s->fw);
        }
        return true;
    }
    return inj_fail(a, "unknown fault '%s'", fault);
}

int goya_inject(GoyaCore *s, GoyaInjectStats *st, const char *spec,
                char **errp)
{
    g_auto(GStrv) parts = NULL;
    InjArgs a = { 0 };
    const char *fault;
    bool ok;

    trace_goya_inject(spec ? spec : "");
    if (!spec || !*spec) {
        a.err = g_strdup("empty fault specification");
        goto refused;
    }
    parts = g_strsplit(spec, ",", 33);
    if (g_strv_length(parts) > 32) {
        a.err = g_strdup("too many arguments");
        goto refused;
    }
    fault = parts[0];
    a.kv = parts + 1;

    ok = inj_dispatch(s, st, &a, fault, false);
    for (unsigned i = 0; ok && a.kv[i]; i++) {
        if (!(a.used & (1u << i))) {
            ok = inj_fail(&a, "unknown argument '%s' for fault '%s'",
                          a.kv[i], fault);
        }
    }
    if (!ok || !inj_dispatch(s, st, &a, fault, true)) {
        goto refused;
    }
    st->injected++;
    return 0;

refused:
    trace_goya_inject_refused(spec ? spec : "", a.err);
    st->refused++;
    *errp = a.err;
    return -1;
}
