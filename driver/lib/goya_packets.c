// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libhl: Goya queue packet encoding.  Layouts follow the habanalabs
 * driver's packet definitions for Goya (8-byte header, opcode in
 * ctl[28:24], little-endian fields).
 */
#include <endian.h>
#include <errno.h>
#include <string.h>

#include "hl_priv.h"

_Static_assert(sizeof(struct goya_pkt_wreg32) == GOYA_PKT_SIZE_WREG_32, "wreg32");
_Static_assert(sizeof(struct goya_pkt_wreg_bulk) == 8, "wreg_bulk");
_Static_assert(sizeof(struct goya_pkt_msg_long) == GOYA_PKT_SIZE_MSG_LONG, "msg_long");
_Static_assert(sizeof(struct goya_pkt_msg_short) == GOYA_PKT_SIZE_MSG_SHORT, "msg_short");
_Static_assert(sizeof(struct goya_pkt_msg_prot) == GOYA_PKT_SIZE_MSG_PROT, "msg_prot");
_Static_assert(sizeof(struct goya_pkt_fence) == GOYA_PKT_SIZE_FENCE, "fence");
_Static_assert(sizeof(struct goya_pkt_lin_dma) == GOYA_PKT_SIZE_LIN_DMA, "lin_dma");
_Static_assert(sizeof(struct goya_pkt_cp_dma) == GOYA_PKT_SIZE_CP_DMA, "cp_dma");
_Static_assert(sizeof(struct goya_pkt_nop) == GOYA_PKT_SIZE_NOP, "nop");
_Static_assert(sizeof(struct goya_pkt_stop) == GOYA_PKT_SIZE_STOP, "stop");

static void put32(uint8_t *p, uint32_t v)
{
	v = htole32(v);
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	v = htole64(v);
	memcpy(p, &v, 8);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return le32toh(v);
}

uint32_t goya_pkt_opcode(const void *pkt)
{
	return (get32((const uint8_t *)pkt + 4) & GOYA_PKT_CTL_OPCODE_MASK) >>
	       GOYA_PKT_CTL_OPCODE_SHIFT;
}

size_t goya_pkt_size(const void *pkt, size_t avail)
{
	size_t size;

	if (avail < 8)
		return 0;
	switch (goya_pkt_opcode(pkt)) {
	case GOYA_PKT_WREG_32: size = GOYA_PKT_SIZE_WREG_32; break;
	case GOYA_PKT_WREG_BULK:
		size = GOYA_PKT_SIZE_WREG_BULK(get32(pkt));
		break;
	case GOYA_PKT_MSG_LONG: size = GOYA_PKT_SIZE_MSG_LONG; break;
	case GOYA_PKT_MSG_SHORT: size = GOYA_PKT_SIZE_MSG_SHORT; break;
	case GOYA_PKT_CP_DMA: size = GOYA_PKT_SIZE_CP_DMA; break;
	case GOYA_PKT_MSG_PROT: size = GOYA_PKT_SIZE_MSG_PROT; break;
	case GOYA_PKT_FENCE: size = GOYA_PKT_SIZE_FENCE; break;
	case GOYA_PKT_LIN_DMA: size = GOYA_PKT_SIZE_LIN_DMA; break;
	case GOYA_PKT_NOP: size = GOYA_PKT_SIZE_NOP; break;
	case GOYA_PKT_STOP: size = GOYA_PKT_SIZE_STOP; break;
	default: return 0;
	}
	return size <= avail ? size : 0;
}

const char *goya_pkt_name(uint32_t op)
{
	switch (op) {
	case GOYA_PKT_WREG_32: return "WREG_32";
	case GOYA_PKT_WREG_BULK: return "WREG_BULK";
	case GOYA_PKT_MSG_LONG: return "MSG_LONG";
	case GOYA_PKT_MSG_SHORT: return "MSG_SHORT";
	case GOYA_PKT_CP_DMA: return "CP_DMA";
	case GOYA_PKT_MSG_PROT: return "MSG_PROT";
	case GOYA_PKT_FENCE: return "FENCE";
	case GOYA_PKT_LIN_DMA: return "LIN_DMA";
	case GOYA_PKT_NOP: return "NOP";
	case GOYA_PKT_STOP: return "STOP";
	default: return "?";
	}
}

void goya_cb_init(struct goya_cb_builder *b, void *buf, size_t cap)
{
	b->buf = buf;
	b->cap = buf ? cap : 0;
	b->len = 0;
	b->err = 0;
}

void goya_cb_reset(struct goya_cb_builder *b)
{
	b->len = 0;
	b->err = 0;
}

size_t goya_cb_space(const struct goya_cb_builder *b)
{
	return b->cap - b->len;
}

static int fail(struct goya_cb_builder *b, int err)
{
	if (!b->err)
		b->err = err;
	return err;
}

/* Reserve @size bytes; NULL (and err set) when they do not fit. */
static uint8_t *reserve(struct goya_cb_builder *b, size_t size)
{
	uint8_t *p;

	if (size > goya_cb_space(b)) {
		fail(b, -ENOSPC);
		return NULL;
	}
	p = b->buf + b->len;
	b->len += size;
	return p;
}

/* Only barrier bits may be passed as flags to packets with opcode-specific
 * ctl fields managed by the builder. */
static int check_flags(struct goya_cb_builder *b, uint32_t flags,
		       uint32_t allowed)
{
	if (flags & ~allowed)
		return fail(b, -EINVAL);
	return 0;
}

static int hdr_only(struct goya_cb_builder *b, enum goya_pkt_id op,
		    uint32_t first, uint32_t flags)
{
	uint8_t *p;

	if (check_flags(b, flags, GOYA_PKT_BARRIERS))
		return -EINVAL;
	p = reserve(b, 8);
	if (!p)
		return -ENOSPC;
	put32(p, first);
	put32(p + 4, goya_pkt_ctl(op, flags));
	return 0;
}

int goya_cb_wreg32(struct goya_cb_builder *b, uint32_t reg, uint32_t value,
		   uint32_t flags)
{
	uint8_t *p;

	if (reg > GOYA_PKT_WREG32_REG_MASK ||
	    check_flags(b, flags, GOYA_PKT_BARRIERS))
		return fail(b, -EINVAL);
	p = reserve(b, GOYA_PKT_SIZE_WREG_32);
	if (!p)
		return -ENOSPC;
	put32(p, value);
	put32(p + 4, goya_pkt_ctl(GOYA_PKT_WREG_32, flags | reg));
	return 0;
}

int goya_cb_wreg_bulk(struct goya_cb_builder *b, uint32_t reg,
		      const uint64_t *values, uint32_t n, uint32_t flags)
{
	uint8_t *p;
	uint32_t i;

	if (reg > GOYA_PKT_WREG32_REG_MASK || n == 0 || !values ||
	    check_flags(b, flags, GOYA_PKT_BARRIERS))
		return fail(b, -EINVAL);
	p = reserve(b, GOYA_PKT_SIZE_WREG_BULK(n));
	if (!p)
		return -ENOSPC;
	put32(p, n);
	put32(p + 4, goya_pkt_ctl(GOYA_PKT_WREG_BULK, flags | reg));
	for (i = 0; i < n; i++)
		put64(p + 8 + 8 * (size_t)i, values[i]);
	return 0;
}

static int addr_pkt(struct goya_cb_builder *b, enum goya_pkt_id op,
		    uint32_t first, uint32_t flags, uint64_t addr)
{
	uint8_t *p;

	if (check_flags(b, flags, GOYA_PKT_BARRIERS))
		return -EINVAL;
	p = reserve(b, 16);
	if (!p)
		return -ENOSPC;
	put32(p, first);
	put32(p + 4, goya_pkt_ctl(op, flags));
	put64(p + 8, addr);
	return 0;
}

int goya_cb_msg_long(struct goya_cb_builder *b, uint64_t addr, uint32_t value,
		     uint32_t flags)
{
	return addr_pkt(b, GOYA_PKT_MSG_LONG, value, flags, addr);
}

int goya_cb_msg_prot(struct goya_cb_builder *b, uint64_t addr, uint32_t value,
		     uint32_t flags)
{
	return addr_pkt(b, GOYA_PKT_MSG_PROT, value, flags, addr);
}

int goya_cb_cp_dma(struct goya_cb_builder *b, uint64_t src, uint32_t tsize,
		   uint32_t flags)
{
	return addr_pkt(b, GOYA_PKT_CP_DMA, tsize, flags, src);
}

int goya_cb_msg_short(struct goya_cb_builder *b, uint32_t base,
		      uint32_t offset, uint32_t op, uint32_t value,
		      uint32_t flags)
{
	uint32_t ctl;
	uint8_t *p;

	if (base > 3 || op > 3 || offset > GOYA_PKT_SHORT_OFFSET_MASK ||
	    check_flags(b, flags, GOYA_PKT_BARRIERS))
		return fail(b, -EINVAL);
	p = reserve(b, GOYA_PKT_SIZE_MSG_SHORT);
	if (!p)
		return -ENOSPC;
	ctl = offset | (op << GOYA_PKT_SHORT_OP_SHIFT) |
	      (base << GOYA_PKT_SHORT_BASE_SHIFT) | flags;
	put32(p, value);
	put32(p + 4, goya_pkt_ctl(GOYA_PKT_MSG_SHORT, ctl));
	return 0;
}

int goya_cb_fence(struct goya_cb_builder *b, uint32_t id, uint32_t target,
		  uint32_t dec, uint32_t flags)
{
	uint32_t cfg;

	if (id > 3 || target > 0xFF || dec > 0xF)
		return fail(b, -EINVAL);
	cfg = dec | (target << GOYA_PKT_FENCE_TARGET_SHIFT) |
	      (id << GOYA_PKT_FENCE_ID_SHIFT);
	return hdr_only(b, GOYA_PKT_FENCE, cfg, flags);
}

int goya_cb_lin_dma(struct goya_cb_builder *b, uint64_t src, uint64_t dst,
		    uint32_t tsize, uint32_t dir, uint32_t flags)
{
	const uint32_t allowed = GOYA_PKT_BARRIERS | GOYA_PKT_LIN_DMA_WO |
		GOYA_PKT_LIN_DMA_RDCOMP | GOYA_PKT_LIN_DMA_WRCOMP |
		GOYA_PKT_LIN_DMA_MEMSET;
	uint8_t *p;

	if (tsize == 0 || dir >= HL_DMA_ENUM_MAX ||
	    check_flags(b, flags, allowed))
		return fail(b, -EINVAL);
	p = reserve(b, GOYA_PKT_SIZE_LIN_DMA);
	if (!p)
		return -ENOSPC;
	put32(p, tsize);
	put32(p + 4, goya_pkt_ctl(GOYA_PKT_LIN_DMA,
				  flags | (dir << GOYA_PKT_LIN_DMA_DIR_SHIFT)));
	put64(p + 8, src);
	put64(p + 16, dst);
	return 0;
}

int goya_cb_nop(struct goya_cb_builder *b, uint32_t flags)
{
	return hdr_only(b, GOYA_PKT_NOP, 0, flags);
}

int goya_cb_stop(struct goya_cb_builder *b, uint32_t flags)
{
	return hdr_only(b, GOYA_PKT_STOP, 0, flags);
}

int goya_cb_raw(struct goya_cb_builder *b, const void *data, size_t len)
{
	uint8_t *p;

	if ((len % 8) || (len && !data))
		return fail(b, -EINVAL);
	p = reserve(b, len);
	if (!p)
		return -ENOSPC;
	if (len)
		memcpy(p, data, len);
	return 0;
}
