// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * libhl: DMA buffers, one-shot LIN_DMA, and sync-manager packet helpers
 * (sync objects, monitors, fences) for user command buffers.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>

#include "hl_priv.h"

#define SZ_2M (2ull << 20)

/* QMAN block bases (the driver's asic_reg headers). */
#define DMA_QM_0_BASE      0x400000u
#define DMA_QM_STRIDE      0x8000u
#define MME_QM_BASE        0xD8000u
#define TPC0_QM_BASE       0xE08000u
#define TPC_STRIDE         0x40000u
#define QM_CP_FENCE0_RDATA 0x158u

uint64_t goya_queue_fence_addr(uint32_t queue, uint32_t fence_id)
{
	uint32_t base;

	if (fence_id > 3)
		return 0;
	if (queue <= GOYA_QUEUE_ID_DMA_4)
		base = DMA_QM_0_BASE + queue * DMA_QM_STRIDE;
	else if (queue == GOYA_QUEUE_ID_MME)
		base = MME_QM_BASE;
	else if (queue >= GOYA_QUEUE_ID_TPC0 && queue <= GOYA_QUEUE_ID_TPC7)
		base = TPC0_QM_BASE + (queue - GOYA_QUEUE_ID_TPC0) * TPC_STRIDE;
	else
		return 0;
	return GOYA_CFG_BASE + base + QM_CP_FENCE0_RDATA + 4 * fence_id;
}

static int builder_fail(struct goya_cb_builder *b, int err)
{
	if (!b->err)
		b->err = err;
	return err;
}

int goya_cb_sob_write(struct goya_cb_builder *b, uint32_t sob, uint32_t value,
		      bool add, uint32_t flags)
{
	if (sob >= GOYA_SM_NUM_SOBS || value > GOYA_SOB_VAL_MASK)
		return builder_fail(b, -EINVAL);
	return goya_cb_msg_short(b, GOYA_MSG_BASE_SOB, 4 * sob,
				 GOYA_PKT_MSG_OP_VALUE,
				 value | (add ? GOYA_SOB_ADD : 0), flags);
}

int goya_cb_mon_arm(struct goya_cb_builder *b, uint32_t mon, uint32_t sob,
		    uint32_t mode, uint32_t value, uint64_t addr,
		    uint32_t data, uint32_t flags)
{
	static const uint32_t regs[4] = {
		GOYA_SM_MON_PAY_ADDRL_0, GOYA_SM_MON_PAY_ADDRH_0,
		GOYA_SM_MON_PAY_DATA_0, GOYA_SM_MON_ARM_0,
	};
	uint32_t vals[4] = {
		(uint32_t)addr, (uint32_t)(addr >> 32), data,
		goya_mon_arm_word(sob, mode, value),
	};
	size_t start = b->len;

	if (mon >= GOYA_SM_NUM_MONS || sob >= GOYA_SM_NUM_SOBS ||
	    mode > GOYA_MON_EQ || value > GOYA_SOB_VAL_MASK)
		return builder_fail(b, -EINVAL);
	/* base 0 = MON_PAY_ADDRL_0; ARM last, once the payload is set */
	for (int i = 0; i < 4; i++) {
		if (goya_cb_msg_short(b, GOYA_MSG_BASE_MON,
				      regs[i] - GOYA_SM_MON_PAY_ADDRL_0 + 4 * mon,
				      GOYA_PKT_MSG_OP_VALUE, vals[i], flags)) {
			b->len = start;	/* all or nothing */
			return b->err;
		}
	}
	return 0;
}

int goya_cb_wait_sob(struct goya_cb_builder *b, uint32_t queue, uint32_t mon,
		     uint32_t sob, uint32_t mode, uint32_t value,
		     uint32_t fence_id)
{
	uint64_t addr = goya_queue_fence_addr(queue, fence_id);
	size_t start = b->len;

	if (!addr)
		return builder_fail(b, -EINVAL);
	if (goya_cb_mon_arm(b, mon, sob, mode, value, addr, 1, 0) ||
	    goya_cb_fence(b, fence_id, 1, 1, 0)) {
		b->len = start;
		return b->err;
	}
	return 0;
}

int goya_cb_wrcomp_to_sob(struct goya_cb_builder *b, uint32_t sob)
{
	if (sob >= GOYA_SM_NUM_SOBS)
		return builder_fail(b, -EINVAL);
	return goya_cb_wreg32(b, GOYA_WREG_WR_COMP_ADDR_LO,
			      (uint32_t)goya_sob_addr(sob), 0);
}

int hl_host_buf_alloc(struct hl_dev *dev, size_t size, struct hl_host_buf *buf)
{
	size_t len = (size + SZ_2M - 1) / SZ_2M * SZ_2M;
	void *p;
	int rc;

	memset(buf, 0, sizeof(*buf));
	if (!size)
		return hl__fail(dev, -EINVAL, "host buffer of 0 bytes");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return hl__fail(dev, -ENOMEM, "host buffer: mmap %zu bytes", len);
	memset(p, 0, len);	/* fault the pages in before pinning */
	rc = hl_mem_map_host(dev, p, len, 0, &buf->va);
	if (rc) {
		munmap(p, len);
		return rc;
	}
	buf->ptr = p;
	buf->size = size;
	buf->map_len = len;
	return 0;
}

int hl_host_buf_free(struct hl_dev *dev, struct hl_host_buf *buf)
{
	int rc = 0;

	if (buf->va)
		rc = hl_mem_unmap(dev, buf->va);
	if (buf->ptr)
		munmap(buf->ptr, buf->map_len);
	memset(buf, 0, sizeof(*buf));
	return rc;
}

int hl_dram_buf_alloc(struct hl_dev *dev, uint64_t size,
		      struct hl_dram_buf *buf)
{
	int rc;

	memset(buf, 0, sizeof(*buf));
	rc = hl_mem_alloc(dev, size, 0, 0, &buf->handle);
	if (rc)
		return rc;
	rc = hl_mem_map_device(dev, buf->handle, 0, &buf->va);
	if (rc) {
		hl_mem_free(dev, buf->handle);
		memset(buf, 0, sizeof(*buf));
		return rc;
	}
	buf->size = size;
	return 0;
}

int hl_dram_buf_free(struct hl_dev *dev, struct hl_dram_buf *buf)
{
	int rc = 0, rc2 = 0;

	if (buf->va)
		rc = hl_mem_unmap(dev, buf->va);
	if (buf->handle)
		rc2 = hl_mem_free(dev, buf->handle);
	memset(buf, 0, sizeof(*buf));
	return rc ? rc : rc2;
}

int hl_dma_sync(struct hl_dev *dev, uint32_t queue, uint64_t src,
		uint64_t dst, uint32_t size, uint32_t dir, uint32_t flags,
		uint64_t timeout_us)
{
	struct goya_cb_builder b;
	struct hl_cb cb;
	uint64_t seq;
	int rc, rc2;

	rc = hl_cb_alloc(dev, 4096, &cb);
	if (rc)
		return rc;
	goya_cb_init(&b, cb.ptr, cb.size);
	rc = goya_cb_lin_dma(&b, src, dst, size, dir,
			     GOYA_PKT_MB | GOYA_PKT_EB | flags);
	if (rc) {
		rc = hl__fail(dev, rc, "LIN_DMA 0x%llx -> 0x%llx size %u: bad packet",
			      (unsigned long long)src, (unsigned long long)dst,
			      size);
		goto out;
	}
	rc = hl_cs_submit_cb(dev, queue, cb.handle, (uint32_t)b.len, &seq);
	if (rc)
		goto out;
	rc = hl_cs_wait(dev, seq, timeout_us, NULL);
	if (rc == 0)
		rc = hl__fail(dev, -ETIMEDOUT, "LIN_DMA CS %llu still busy after %llu us",
			      (unsigned long long)seq,
			      (unsigned long long)timeout_us);
	else if (rc > 0)
		rc = 0;
out:
	rc2 = hl_cb_free(dev, &cb);
	return rc ? rc : rc2;
}
