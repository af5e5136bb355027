/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * libhl - reference userspace library for the Habana Labs Goya (HL-1000)
 * as driven by the Linux habanalabs kernel driver.
 *
 * The library is a thin, explicit layer over the kernel uapi
 * (<misc/habanalabs.h>, shipped by the linux-libc-dev package).  It talks
 * to both driver generations and picks one at run time: the misc
 * interface of Linux <= 6.2 (/dev/hlN, 'H' ioctls, sysfs class
 * habanalabs) or the accel/DRM interface of >= 6.3 (/dev/accel/accelN,
 * DRM ioctls, attributes on the PCI device), when built with the 6.12
 * headers' <drm/habanalabs_accel.h>; HL_IFACE=misc|accel forces one.  The
 * uapi structures are the same and are used as-is in this API; the
 * descriptions below name 6.1 behaviour.  libhl adds device discovery,
 * error reporting with context, command-buffer / command-submission /
 * memory helpers and a builder for Goya queue packets.
 *
 * Conventions
 *  - Every function that can fail returns 0 (or a non-negative value where
 *    documented) on success and a negative errno value on failure.  errno
 *    itself is left as the failing system call set it.
 *  - Functions that take a struct hl_dev record a human-readable
 *    description of the last failure in that handle; read it with
 *    hl_last_error().  hl_strerror() explains a bare error code in the
 *    terms of this device.
 *  - Nothing here is thread-safe per handle beyond what the kernel gives:
 *    use one handle per thread or lock around it.
 */
#ifndef HL_HL_H
#define HL_HL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <misc/habanalabs.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------ */
/* Devices                                                             */
/* ------------------------------------------------------------------ */

/** Maximum number of device indices hl_device_count() probes. */
#define HL_MAX_DEVICES 64

/** PCI vendor / device id of Goya (HL-1000). */
#define HL_PCI_VENDOR_HABANA 0x1da3
#define HL_PCI_DEVICE_GOYA   0x0001

/** Opaque handle of an open device node (compute or control). */
struct hl_dev;

/**
 * hl_iface_name() - the driver interface libhl speaks on this system:
 * "misc" (Linux <= 6.2: /dev/hlN, ioctls 'H') or "accel" (>= 6.3:
 * /dev/accel/accelN, DRM ioctls).  Env HL_IFACE overrides the detection.
 *
 * Return: a static string.
 */
const char *hl_iface_name(void);

/**
 * hl_open() - open the compute node /dev/hl<index>.
 * @index: device index (the N of hlN).
 * @devp:  receives the new handle on success.
 *
 * Opening the compute node creates the device's single compute context;
 * the kernel refuses a second concurrent open with -EBUSY.  The device
 * directory can be overridden with the environment variable HL_DEV_DIR
 * (default "/dev"), which is meant for tests.
 *
 * Return: 0, or a negative errno (-ENOENT no such node, -EBUSY compute
 * context already owned by another process, -ENODEV device gone, -ENOMEM).
 */
int hl_open(unsigned int index, struct hl_dev **devp);

/**
 * hl_open_control() - open the control node /dev/hl_controlD<index>.
 * @index: device index.
 * @devp:  receives the new handle on success.
 *
 * The control node never creates a compute context and accepts only the
 * INFO ioctl (the hl_info_*() functions).  It can be opened while another
 * process owns the compute node.
 *
 * Return: 0 or a negative errno.
 */
int hl_open_control(unsigned int index, struct hl_dev **devp);

/**
 * hl_open_path() - open an arbitrary habanalabs device node.
 * @path:    path of the node.
 * @index:   index to associate with the handle (used for sysfs look-ups;
 *           pass -1 if unknown).
 * @control: true if @path is a control node.
 * @devp:    receives the new handle on success.
 *
 * Return: 0 or a negative errno.
 */
int hl_open_path(const char *path, int index, bool control,
		 struct hl_dev **devp);

/**
 * hl_close() - close a handle and free it.  Unmaps nothing: callers must
 * munmap their command buffers first.  Passing NULL is a no-op.
 * @dev: handle.
 *
 * Return: 0 or the negative errno of close(2).
 */
int hl_close(struct hl_dev *dev);

/**
 * hl_fd() - the file descriptor behind a handle (for poll/eventfd use or
 * raw ioctls).
 * @dev: handle.
 *
 * Return: the file descriptor.
 */
int hl_fd(const struct hl_dev *dev);

/**
 * hl_index() - the device index the handle was opened with (-1 if
 * unknown).
 * @dev: handle.
 *
 * Return: the index.
 */
int hl_index(const struct hl_dev *dev);

/**
 * hl_is_control() - whether the handle is a control-node handle.
 * @dev: handle.
 *
 * Return: true for a control node.
 */
bool hl_is_control(const struct hl_dev *dev);

/**
 * hl_device_count() - count the habanalabs devices present.
 *
 * A device N is counted when /sys/class/habanalabs/hlN exists (or, when
 * sysfs has no such class, when /dev/hlN exists).  Indices are probed in
 * order and counting stops at the first gap.  The sysfs root can be
 * overridden with HL_SYSFS_ROOT (default "/sys").
 *
 * Return: number of devices (0..HL_MAX_DEVICES).
 */
int hl_device_count(void);

/* ------------------------------------------------------------------ */
/* Errors                                                              */
/* ------------------------------------------------------------------ */

/**
 * hl_strerror() - explain an error code returned by libhl.
 * @err: a negative (or positive) errno value.
 *
 * The text is strerror()'s meaning followed by what the habanalabs driver
 * uses that code for, e.g. -EBUSY: "Device or resource busy (device not
 * operational, in reset, or compute context already open)".
 *
 * Return: a static string; never NULL.
 */
const char *hl_strerror(int err);

/**
 * hl_last_error() - description of the last failure on a handle,
 * including the operation and its arguments, e.g.
 * "INFO CLK_RATE: Device or resource busy (...)".
 * @dev: handle (may be NULL, which gives "").
 *
 * Return: a string owned by the handle, valid until the next call on it;
 * "" if no call has failed yet.
 */
const char *hl_last_error(const struct hl_dev *dev);

/**
 * hl_last_errno() - the negative errno of the last failure on a handle
 * (0 if none).
 * @dev: handle.
 *
 * Return: the error code.
 */
int hl_last_errno(const struct hl_dev *dev);

/* ------------------------------------------------------------------ */
/* sysfs / hwmon                                                       */
/* ------------------------------------------------------------------ */

/**
 * hl_sysfs_path() - build the path of a class attribute,
 * <root>/class/habanalabs/hl<index>/<attr>.
 * @index: device index.
 * @attr:  attribute name (may contain '/', e.g. "device/vendor").
 * @buf:   output buffer.
 * @len:   its size.
 *
 * Return: 0, or -ENAMETOOLONG.
 */
int hl_sysfs_path(unsigned int index, const char *attr, char *buf, size_t len);

/**
 * hl_sysfs_read() - read a sysfs attribute of device @index as text.
 * @index: device index.
 * @attr:  attribute name, e.g. "status", "armcp_ver", "mme_clk".
 * @buf:   output buffer, NUL-terminated, trailing newlines removed.
 * @len:   its size.
 *
 * Return: the string length, or a negative errno (-ENOENT attribute
 * absent, -EIO/-ETIMEDOUT etc. as returned by the kernel's show handler,
 * which for CPU-CP backed attributes means the device CPU did not answer).
 */
ssize_t hl_sysfs_read(unsigned int index, const char *attr, char *buf,
		      size_t len);

/**
 * hl_sysfs_read_u64() - read a numeric sysfs attribute (decimal, or hex
 * with 0x prefix).
 * @index: device index.
 * @attr:  attribute name.
 * @val:   receives the value.
 *
 * Return: 0, a negative errno from hl_sysfs_read(), or -EINVAL if the
 * content is not a number.
 */
int hl_sysfs_read_u64(unsigned int index, const char *attr, uint64_t *val);

/**
 * hl_pci_dir() - find the PCI device directory of device @index,
 * <root>/bus/pci/devices/<pci_addr>, or the class device's "device" link
 * where the kernel provides one (6.1 does not: hl<index> has no parent).
 * @index: device index.
 * @buf:   receives the path.
 * @len:   its size.
 *
 * Return: 0, or a negative errno (-ENOENT: no such device).
 */
int hl_pci_dir(unsigned int index, char *buf, size_t len);

/**
 * hl_hwmon_dir() - find the hwmon directory of device @index,
 * <pci device>/hwmon/hwmonN (see hl_pci_dir()).
 * @index: device index.
 * @buf:   receives the path.
 * @len:   its size.
 *
 * The driver registers hwmon only when the firmware reports sensors.
 *
 * Return: 0, or -ENOENT if the device has no hwmon node.
 */
int hl_hwmon_dir(unsigned int index, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* INFO ioctl                                                          */
/* ------------------------------------------------------------------ */

/**
 * hl_info() - raw HL_IOCTL_INFO.
 * @dev:  handle (compute or control).
 * @op:   HL_INFO_* opcode.
 * @buf:  output buffer.
 * @size: its size; the kernel copies at most this many bytes.
 * @arg:  the opcode-specific input word (dcore_id, period_ms, pll_index,
 *        eventfd, sec_attest_nonce), 0 if unused.
 * @actual_size: if non-NULL, receives user_buffer_actual_size as written
 *        back by the kernel (meaningful for HL_INFO_ENGINE_STATUS).
 *
 * Return: 0 or a negative errno.  -EBUSY for opcodes that need an
 * operational device while it is in reset/disabled; -EINVAL for opcodes
 * the ASIC does not support; -EIO/-ETIMEDOUT when a firmware (CPU-CP)
 * query failed.
 */
int hl_info(struct hl_dev *dev, uint32_t op, void *buf, uint32_t size,
	    uint32_t arg, uint32_t *actual_size);

/** hl_info_hw_ip() - HL_INFO_HW_IP_INFO: static ASIC properties.
 * @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_hw_ip(struct hl_dev *dev, struct hl_info_hw_ip_info *out);

/**
 * hl_info_hw_events() - HL_INFO_HW_EVENTS / HL_INFO_HW_EVENTS_AGGREGATE:
 * per-event-id occurrence counters.
 * @dev:       handle.
 * @aggregate: false: since the last hard reset; true: since driver load.
 * @counts:    array receiving the counters.
 * @n:         number of entries in @counts; hl_info_hw_ip_info.num_of_events
 *             gives the count the device has.
 *
 * Return: 0 or -errno.
 */
int hl_info_hw_events(struct hl_dev *dev, bool aggregate, uint32_t *counts,
		      uint32_t n);

/** hl_info_dram_usage() - HL_INFO_DRAM_USAGE: free device DRAM and the
 * DRAM used by this context. @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_dram_usage(struct hl_dev *dev, struct hl_info_dram_usage *out);

/** hl_info_hw_idle() - HL_INFO_HW_IDLE: engine idle state and busy mask
 * (bits per enum goya_engine_id). @dev: handle. @out: result.
 * Return: 0 or -errno. */
int hl_info_hw_idle(struct hl_dev *dev, struct hl_info_hw_idle *out);

/** hl_info_device_status() - HL_INFO_DEVICE_STATUS.
 * @dev: handle. @status: receives an enum hl_device_status value.
 * Return: 0 or -errno. */
int hl_info_device_status(struct hl_dev *dev, uint32_t *status);

/** hl_info_device_utilization() - HL_INFO_DEVICE_UTILIZATION: utilization
 * in percent, derived by the driver from the firmware power reading.
 * @dev: handle. @period_ms: 100..1000 (currently ignored by the driver).
 * @util: receives the percentage. Return: 0 or -errno. */
int hl_info_device_utilization(struct hl_dev *dev, uint32_t period_ms,
			       uint32_t *util);

/** hl_info_clk_rate() - HL_INFO_CLK_RATE: current and maximum MME clock
 * in MHz. @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_clk_rate(struct hl_dev *dev, struct hl_info_clk_rate *out);

/** hl_info_reset_count() - HL_INFO_RESET_COUNT: hard/soft resets since
 * driver load. @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_reset_count(struct hl_dev *dev, struct hl_info_reset_count *out);

/** hl_info_time_sync() - HL_INFO_TIME_SYNC: device timestamp counter and
 * host time (ns, CLOCK_MONOTONIC... as the kernel's ktime_get_raw_ns()).
 * @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_time_sync(struct hl_dev *dev, struct hl_info_time_sync *out);

/** hl_info_cs_counters() - HL_INFO_CS_COUNTERS: dropped-submission
 * counters. @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_cs_counters(struct hl_dev *dev, struct hl_info_cs_counters *out);

/** hl_info_pci_counters() - HL_INFO_PCI_COUNTERS: PCIe rx/tx throughput and
 * replay count from the firmware. @dev: handle. @out: result.
 * Return: 0 or -errno. */
int hl_info_pci_counters(struct hl_dev *dev, struct hl_info_pci_counters *out);

/** hl_info_clk_throttle() - HL_INFO_CLK_THROTTLE_REASON: HL_CLK_THROTTLE_*
 * mask plus per-type start/duration. @dev: handle. @out: result.
 * Return: 0 or -errno. */
int hl_info_clk_throttle(struct hl_dev *dev, struct hl_info_clk_throttle *out);

/** hl_info_sync_manager() - HL_INFO_SYNC_MANAGER: first SOB/monitor/CQ free
 * for users. @dev: handle. @dcore: dcore id (0 on Goya). @out: result.
 * Return: 0 or -errno. */
int hl_info_sync_manager(struct hl_dev *dev, uint32_t dcore,
			 struct hl_info_sync_manager *out);

/** hl_info_total_energy() - HL_INFO_TOTAL_ENERGY: total energy consumption
 * from the firmware. @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_total_energy(struct hl_dev *dev, struct hl_info_energy *out);

/** hl_info_pll_frequency() - HL_INFO_PLL_FREQUENCY: the PLL's four output
 * frequencies (MHz). @dev: handle. @pll: enum hl_goya_pll_index.
 * @out: result. Return: 0 or -errno. */
int hl_info_pll_frequency(struct hl_dev *dev, uint32_t pll,
			  struct hl_pll_frequency_info *out);

/** hl_info_power() - HL_INFO_POWER: current power (mW) from the firmware.
 * @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_power(struct hl_dev *dev, struct hl_power_info *out);

/** hl_info_open_stats() - HL_INFO_OPEN_STATS: open counter, last session
 * length, compute context state. @dev: handle. @out: result.
 * Return: 0 or -errno. */
int hl_info_open_stats(struct hl_dev *dev, struct hl_open_stats_info *out);

/**
 * struct hl_dram_row_info - answer of HL_INFO_DRAM_REPLACED_ROWS in 6.1
 * (the kernel's struct cpucp_hbm_row_info, 8 bytes; the uapi header has no
 * type for it).  Goya has DDR, not HBM, so firmware support is optional.
 */
struct hl_dram_row_info {
	uint8_t hbm_idx;
	uint8_t pc;
	uint8_t sid;
	uint8_t bank_idx;
	uint16_t row_addr;	/* little endian */
	uint8_t replaced_row_cause;
	uint8_t pad;
};

/** hl_info_dram_replaced_rows() - HL_INFO_DRAM_REPLACED_ROWS.
 * @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_dram_replaced_rows(struct hl_dev *dev, struct hl_dram_row_info *out);

/** hl_info_dram_pending_rows() - HL_INFO_DRAM_PENDING_ROWS.
 * @dev: handle. @rows: receives the count. Return: 0 or -errno. */
int hl_info_dram_pending_rows(struct hl_dev *dev, uint32_t *rows);

/** hl_info_last_err_open_dev_time() - HL_INFO_LAST_ERR_OPEN_DEV_TIME.
 * @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_last_err_open_dev_time(struct hl_dev *dev,
				   struct hl_info_last_err_open_dev_time *out);

/** hl_info_cs_timeout_event() - HL_INFO_CS_TIMEOUT_EVENT: last CS timeout.
 * @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_cs_timeout_event(struct hl_dev *dev,
			     struct hl_info_cs_timeout_event *out);

/** hl_info_razwi_event() - HL_INFO_RAZWI_EVENT: last illegal access.
 * @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_razwi_event(struct hl_dev *dev, struct hl_info_razwi_event *out);

/** hl_info_undefined_opcode_event() - HL_INFO_UNDEFINED_OPCODE_EVENT.
 * @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_undefined_opcode_event(struct hl_dev *dev,
				   struct hl_info_undefined_opcode_event *out);

/** hl_info_dev_mem_alloc_page_sizes() - HL_INFO_DEV_MEM_ALLOC_PAGE_SIZES:
 * bitmask of page-size orders (0 on ASICs with a single page size).
 * @dev: handle. @out: result. Return: 0 or -errno. */
int hl_info_dev_mem_alloc_page_sizes(struct hl_dev *dev,
				     struct hl_info_dev_memalloc_page_sizes *out);

/** hl_info_sec_attest() - HL_INFO_SECURED_ATTESTATION (firmware-dependent;
 * Goya firmware normally refuses it). @dev: handle. @nonce: nonce.
 * @out: result. Return: 0 or -errno. */
int hl_info_sec_attest(struct hl_dev *dev, uint32_t nonce,
		       struct hl_info_sec_attest *out);

/** hl_info_register_eventfd() - HL_INFO_REGISTER_EVENTFD: the kernel signals
 * @efd on HL_NOTIFIER_EVENT_*; one per handle. @dev: handle.
 * @efd: eventfd. Return: 0 or -errno. */
int hl_info_register_eventfd(struct hl_dev *dev, int efd);

/** hl_info_unregister_eventfd() - HL_INFO_UNREGISTER_EVENTFD.
 * @dev: handle. Return: 0 or -errno (-EINVAL if none registered). */
int hl_info_unregister_eventfd(struct hl_dev *dev);

/** hl_info_get_events() - HL_INFO_GET_EVENTS: read and clear the
 * HL_NOTIFIER_EVENT_* mask of this handle. @dev: handle.
 * @mask: result. Return: 0 or -errno. */
int hl_info_get_events(struct hl_dev *dev, uint64_t *mask);

/**
 * hl_info_engine_status() - HL_INFO_ENGINE_STATUS: the driver's textual
 * engine-status table.
 * @dev:  handle.
 * @buf:  output buffer; the kernel demands 1 KiB..1 MiB and libhl passes it
 *        @size - 1 bytes, so use 1025 bytes or more; the text is
 *        NUL-terminated by libhl (the last byte is reserved for that).
 * @size: its size.
 * @actual: if non-NULL, receives the number of bytes the kernel wrote.
 *
 * Return: 0 or -errno.
 */
int hl_info_engine_status(struct hl_dev *dev, char *buf, uint32_t size,
			  uint32_t *actual);

/** hl_info_op_name() - name of an HL_INFO_* opcode ("CLK_RATE"), or "?".
 * @op: opcode. Return: static string. */
const char *hl_info_op_name(uint32_t op);

/** hl_device_status_name() - sysfs-style name of an enum hl_device_status
 * ("Operational", "In reset", ...), or "Unknown". @status: value.
 * Return: static string. */
const char *hl_device_status_name(uint32_t status);

/** hl_goya_pll_name() - name of an enum hl_goya_pll_index ("MME"...), or "?".
 * @pll: index. Return: static string. */
const char *hl_goya_pll_name(uint32_t pll);

/* ------------------------------------------------------------------ */
/* Command buffers (HL_IOCTL_CB)                                       */
/* ------------------------------------------------------------------ */

/**
 * hl_cb_create() - allocate a kernel command buffer.
 * @dev:    compute handle.
 * @size:   requested size, 1..HL_MAX_CB_SIZE; the kernel rounds it up to
 *          at least one page.
 * @handle: receives the CB handle (also the mmap offset).
 *
 * Return: 0 or -errno (-EINVAL size out of range).
 */
int hl_cb_create(struct hl_dev *dev, uint32_t size, uint64_t *handle);

/** hl_cb_destroy() - release a CB handle (the memory lives on while it is
 * mapped or used by an in-flight CS). @dev: compute handle.
 * @handle: CB handle. Return: 0 or -errno. */
int hl_cb_destroy(struct hl_dev *dev, uint64_t handle);

/** hl_cb_usage() - HL_CB_OP_INFO: how many times the CB is in use.
 * @dev: compute handle. @handle: CB handle. @usage_cnt: result.
 * Return: 0 or -errno. */
int hl_cb_usage(struct hl_dev *dev, uint64_t handle, uint32_t *usage_cnt);

/**
 * hl_cb_map_size() - the length hl_cb_mmap() maps for a CB of @size bytes:
 * @size rounded up to the page size (the kernel insists on exactly that).
 * @size: the size given to hl_cb_create().
 *
 * Return: the mapping length.
 */
size_t hl_cb_map_size(uint32_t size);

/**
 * hl_cb_mmap() - map a CB into this process (read/write, shared).  A CB
 * can be mapped only once.
 * @dev:    compute handle.
 * @handle: CB handle.
 * @size:   size given to hl_cb_create().
 * @ptr:    receives the address.
 *
 * Return: 0 or -errno.
 */
int hl_cb_mmap(struct hl_dev *dev, uint64_t handle, uint32_t size, void **ptr);

/** hl_cb_munmap() - unmap a CB mapped with hl_cb_mmap().
 * @ptr: mapping. @size: size given to hl_cb_create(). Return: 0 or -errno. */
int hl_cb_munmap(void *ptr, uint32_t size);

/** struct hl_cb - a created and mapped command buffer (see hl_cb_alloc()). */
struct hl_cb {
	uint64_t handle;	/* kernel handle, for hl_cs_chunk.cb_handle */
	void *ptr;		/* userspace mapping */
	uint32_t size;		/* usable size in bytes */
};

/** hl_cb_alloc() - hl_cb_create() + hl_cb_mmap(); on failure nothing is
 * left allocated. @dev: compute handle. @size: bytes. @cb: result.
 * Return: 0 or -errno. */
int hl_cb_alloc(struct hl_dev *dev, uint32_t size, struct hl_cb *cb);

/** hl_cb_free() - unmap and destroy a CB from hl_cb_alloc(); safe on a
 * zeroed struct. @dev: compute handle. @cb: CB. Return: 0 or the first
 * -errno met. */
int hl_cb_free(struct hl_dev *dev, struct hl_cb *cb);

/* ------------------------------------------------------------------ */
/* Command submission (HL_IOCTL_CS / HL_IOCTL_WAIT_CS)                 */
/* ------------------------------------------------------------------ */

/**
 * hl_chunk_init() - fill a job descriptor.
 * @chunk:  descriptor to fill (zeroed first).
 * @queue:  queue index (enum goya_queue_id: 0..4 DMA, 6 MME, 7..14 TPC).
 * @cb:     for external (DMA) queues a CB handle from hl_cb_create(); for
 *          internal queues the device address of a CB in SRAM/DRAM.
 * @size:   bytes of valid packets in the CB.
 */
void hl_chunk_init(struct hl_cs_chunk *chunk, uint32_t queue, uint64_t cb,
		   uint32_t size);

/**
 * hl_cs_submit() - submit a command submission.
 * @dev:       compute handle.
 * @restore:   chunks of the restore phase (run on a context switch), or NULL.
 * @n_restore: their count (<= HL_MAX_JOBS_PER_CS).
 * @exec:      chunks of the execution phase.
 * @n_exec:    their count (<= HL_MAX_JOBS_PER_CS).
 * @flags:     HL_CS_FLAGS_* (0 for a plain submission; FORCE_RESTORE to run
 *             the restore chunks; CUSTOM_TIMEOUT uses @timeout_s).
 * @timeout_s: CS timeout in seconds when HL_CS_FLAGS_CUSTOM_TIMEOUT is set.
 * @seq:       receives the sequence number for hl_cs_wait().
 *
 * The call only queues the jobs.  Failures: -EINVAL (bad queue, CB too
 * small, packet rejected by the parser, only internal queues), -EBUSY
 * (device not operational), -EAGAIN (too many CSs in flight),
 * -ETIMEDOUT/-EIO (context switch failed).
 *
 * Return: 0 or -errno.
 */
int hl_cs_submit(struct hl_dev *dev,
		 const struct hl_cs_chunk *restore, uint32_t n_restore,
		 const struct hl_cs_chunk *exec, uint32_t n_exec,
		 uint32_t flags, uint32_t timeout_s, uint64_t *seq);

/**
 * hl_cs_submit_cb() - submit one CB as a single-job CS.
 * @dev:   compute handle.
 * @queue: queue index.
 * @cb:    CB handle (external queue) or device address (internal queue).
 * @size:  bytes of packets.
 * @seq:   receives the sequence number.
 *
 * Return: 0 or -errno (see hl_cs_submit()).
 */
int hl_cs_submit_cb(struct hl_dev *dev, uint32_t queue, uint64_t cb,
		    uint32_t size, uint64_t *seq);

/**
 * hl_cs_wait() - wait for a CS to complete.
 * @dev:        compute handle.
 * @seq:        sequence number from hl_cs_submit().
 * @timeout_us: how long to wait; 0 polls.
 * @status:     if non-NULL, receives HL_WAIT_CS_STATUS_*.
 *
 * Return: 1 if the CS completed, 0 if it is still busy when the wait
 * timed out (status BUSY), or a negative errno: -ETIMEDOUT the CS itself
 * timed out on the device (status TIMEDOUT), -EIO the CS was aborted by a
 * reset (status ABORTED), -ENODEV the device needs a hard reset (close all
 * handles), -EINTR interrupted, -EINVAL unknown sequence number.
 */
int hl_cs_wait(struct hl_dev *dev, uint64_t seq, uint64_t timeout_us,
	       uint32_t *status);

/** hl_cs_status_name() - name of a HL_WAIT_CS_STATUS_* value.
 * @status: value. Return: static string. */
const char *hl_cs_status_name(uint32_t status);

/* ------------------------------------------------------------------ */
/* Memory (HL_IOCTL_MEMORY)                                            */
/* ------------------------------------------------------------------ */

/**
 * hl_mem_alloc() - allocate device DRAM (Goya: 2 MiB pages).
 * @dev:       compute handle.
 * @size:      bytes.
 * @page_size: 0 for the default.
 * @flags:     HL_MEM_CONTIGUOUS and/or HL_MEM_SHARED, or 0.
 * @handle:    receives the allocation handle.
 *
 * Return: 0 or -errno (-ENOMEM device memory exhausted).
 */
int hl_mem_alloc(struct hl_dev *dev, uint64_t size, uint64_t page_size,
		 uint32_t flags, uint64_t *handle);

/** hl_mem_free() - free a device allocation (must be unmapped).
 * @dev: compute handle. @handle: allocation. Return: 0 or -errno. */
int hl_mem_free(struct hl_dev *dev, uint64_t handle);

/**
 * hl_mem_map_device() - map a device allocation into the device VA space.
 * @dev:    compute handle.
 * @handle: allocation handle.
 * @hint:   requested VA or 0.
 * @va:     receives the device virtual address (check it against @hint).
 *
 * Return: 0 or -errno.
 */
int hl_mem_map_device(struct hl_dev *dev, uint64_t handle, uint64_t hint,
		      uint64_t *va);

/**
 * hl_mem_map_host() - pin host memory and map it for the device
 * (HL_MEM_USERPTR).
 * @dev:   compute handle.
 * @ptr:   host address (page alignment recommended).
 * @size:  bytes.
 * @hint:  requested VA or 0.
 * @va:    receives the device virtual address usable in LIN_DMA packets.
 *
 * Return: 0 or -errno (-EFAULT unpinnable range, -ENOMEM).
 */
int hl_mem_map_host(struct hl_dev *dev, void *ptr, uint64_t size,
		    uint64_t hint, uint64_t *va);

/** hl_mem_unmap() - unmap a device VA from hl_mem_map_device() or
 * hl_mem_map_host(). @dev: compute handle. @va: address.
 * Return: 0 or -errno. */
int hl_mem_unmap(struct hl_dev *dev, uint64_t va);

/**
 * hl_mem_export_dmabuf() - export device memory as a dma-buf
 * (HL_MEM_OP_EXPORT_DMABUF_FD).
 * @dev:   compute handle.
 * @addr:  device memory to export (a physical DRAM address for devices
 *         without a virtual-memory DRAM, else an allocation handle).
 * @size:  bytes.
 * @flags: open flags for the new file (O_RDWR, O_CLOEXEC).
 * @fd:    receives the dma-buf file descriptor.
 *
 * The 6.1 driver refuses this for Goya: DRAM is virtual-memory managed
 * there, so the call returns -EOPNOTSUPP.
 *
 * Return: 0 or -errno.
 */
int hl_mem_export_dmabuf(struct hl_dev *dev, uint64_t addr, uint64_t size,
			 uint32_t flags, int *fd);

/* ------------------------------------------------------------------ */
/* Goya queue packets                                                  */
/* ------------------------------------------------------------------ */

/*
 * Every packet starts with an 8-byte header: a 32-bit first word whose
 * meaning depends on the opcode, then a 32-bit ctl word.  ctl[28:24] is
 * the opcode, ctl[29] EB (engine barrier), ctl[30] RB (register barrier),
 * ctl[31] MB (message barrier).  Everything is little endian.  The packet
 * structs below describe that layout; the builders produce it.
 */

/** Goya packet opcodes (ctl[28:24]). */
enum goya_pkt_id {
	GOYA_PKT_WREG_32 = 0x1,
	GOYA_PKT_WREG_BULK = 0x2,
	GOYA_PKT_MSG_LONG = 0x3,
	GOYA_PKT_MSG_SHORT = 0x4,
	GOYA_PKT_CP_DMA = 0x5,
	GOYA_PKT_MSG_PROT = 0x7,
	GOYA_PKT_FENCE = 0x8,
	GOYA_PKT_LIN_DMA = 0x9,
	GOYA_PKT_NOP = 0xA,
	GOYA_PKT_STOP = 0xB,
};

#define GOYA_PKT_CTL_OPCODE_SHIFT 24
#define GOYA_PKT_CTL_OPCODE_MASK  0x1F000000u
/** Engine barrier. */
#define GOYA_PKT_EB               0x20000000u
/** Register barrier. */
#define GOYA_PKT_RB               0x40000000u
/** Message barrier. */
#define GOYA_PKT_MB               0x80000000u
#define GOYA_PKT_BARRIERS         (GOYA_PKT_EB | GOYA_PKT_RB | GOYA_PKT_MB)

/** WREG_32: ctl[15:0] register offset. */
#define GOYA_PKT_WREG32_REG_MASK  0x0000FFFFu

/** LIN_DMA ctl bits. */
#define GOYA_PKT_LIN_DMA_WO       0x00000001u	/* write ordering */
#define GOYA_PKT_LIN_DMA_RDCOMP   0x00000002u	/* read completion */
#define GOYA_PKT_LIN_DMA_WRCOMP   0x00000004u	/* write completion */
#define GOYA_PKT_LIN_DMA_MEMSET   0x00000040u	/* fill dst with src_addr */
#define GOYA_PKT_LIN_DMA_DIR_SHIFT 20
#define GOYA_PKT_LIN_DMA_DIR_MASK 0x00700000u	/* enum hl_goya_dma_direction */

/*
 * MSG_SHORT, MSG_LONG and FENCE sub-fields are not defined by the Goya
 * kernel headers.  These come from the vendor's public Goya userspace
 * specification (docs/fidelity.md, "Sync manager"):
 *   MSG_SHORT ctl: [15:0] address offset, [21:20] op, [23:22] base
 *   MSG_* op:      0 = write the value, 1 = write a timestamp
 *   FENCE cfg:     [3:0] decrement, [23:16] target, [31:30] fence id
 */
#define GOYA_PKT_SHORT_OFFSET_MASK 0x0000FFFFu
#define GOYA_PKT_SHORT_OP_SHIFT    20
#define GOYA_PKT_SHORT_OP_MASK     0x00300000u
#define GOYA_PKT_SHORT_BASE_SHIFT  22
#define GOYA_PKT_SHORT_BASE_MASK   0x00C00000u
#define GOYA_PKT_MSG_OP_VALUE      0	/* op: write the value */
#define GOYA_PKT_MSG_OP_TIMESTAMP  1	/* op: write a timestamp */
#define GOYA_PKT_FENCE_DEC_MASK    0x0000000Fu
#define GOYA_PKT_FENCE_TARGET_SHIFT 16
#define GOYA_PKT_FENCE_TARGET_MASK 0x00FF0000u
#define GOYA_PKT_FENCE_ID_SHIFT    30
#define GOYA_PKT_FENCE_ID_MASK     0xC0000000u

/** Packet sizes in bytes. */
#define GOYA_PKT_SIZE_WREG_32  8
#define GOYA_PKT_SIZE_MSG_LONG 16
#define GOYA_PKT_SIZE_MSG_SHORT 8
#define GOYA_PKT_SIZE_CP_DMA   16
#define GOYA_PKT_SIZE_MSG_PROT 16
#define GOYA_PKT_SIZE_FENCE    8
#define GOYA_PKT_SIZE_LIN_DMA  24
#define GOYA_PKT_SIZE_NOP      8
#define GOYA_PKT_SIZE_STOP     8
/** WREG_BULK size for @n 64-bit values. */
#define GOYA_PKT_SIZE_WREG_BULK(n) (8 + 8 * (size_t)(n))

/* Wire layouts (all fields little endian). */
struct goya_pkt_wreg32 { uint32_t value; uint32_t ctl; };
struct goya_pkt_wreg_bulk { uint32_t size64; uint32_t ctl; uint64_t values[]; };
struct goya_pkt_msg_long { uint32_t value; uint32_t ctl; uint64_t addr; };
struct goya_pkt_msg_short { uint32_t value; uint32_t ctl; };
struct goya_pkt_msg_prot { uint32_t value; uint32_t ctl; uint64_t addr; };
struct goya_pkt_fence { uint32_t cfg; uint32_t ctl; };
struct goya_pkt_lin_dma { uint32_t tsize; uint32_t ctl; uint64_t src_addr; uint64_t dst_addr; };
struct goya_pkt_cp_dma { uint32_t tsize; uint32_t ctl; uint64_t src_addr; };
struct goya_pkt_nop { uint32_t reserved; uint32_t ctl; };
struct goya_pkt_stop { uint32_t reserved; uint32_t ctl; };

/**
 * goya_pkt_ctl() - compose a ctl word.
 * @op:    enum goya_pkt_id.
 * @bits:  other ctl bits (barriers, opcode-specific fields); bits in the
 *         opcode field are ignored.
 *
 * Return: the ctl word.
 */
static inline uint32_t goya_pkt_ctl(enum goya_pkt_id op, uint32_t bits)
{
	return (bits & ~GOYA_PKT_CTL_OPCODE_MASK) |
	       (((uint32_t)op << GOYA_PKT_CTL_OPCODE_SHIFT) & GOYA_PKT_CTL_OPCODE_MASK);
}

/**
 * goya_pkt_opcode() - opcode of the packet starting at @pkt.
 * @pkt: at least 8 bytes.
 *
 * Return: ctl[28:24].
 */
uint32_t goya_pkt_opcode(const void *pkt);

/**
 * goya_pkt_size() - size in bytes of the packet starting at @pkt.
 * @pkt:   packet.
 * @avail: bytes available at @pkt (for WREG_BULK's variable length).
 *
 * Return: the size, or 0 if the opcode is unknown or the packet does not
 * fit in @avail.
 */
size_t goya_pkt_size(const void *pkt, size_t avail);

/** goya_pkt_name() - name of an opcode ("LIN_DMA"), or "?".
 * @op: opcode. Return: static string. */
const char *goya_pkt_name(uint32_t op);

/**
 * struct goya_cb_builder - appends packets to a buffer with bounds checks.
 * @buf:  start of the buffer (e.g. a mapped CB).
 * @cap:  its capacity in bytes.
 * @len:  bytes used so far (the CB size to submit).
 * @err:  first error met (sticky; 0 if none): -ENOSPC when a packet did not
 *        fit, -EINVAL for an argument out of range.  A failed append leaves
 *        the buffer unchanged.
 *
 * The @flags argument of the goya_cb_*() appenders takes the barrier bits
 * GOYA_PKT_EB/RB/MB (and, for LIN_DMA, the GOYA_PKT_LIN_DMA_* bits); any
 * other bit makes the call fail with -EINVAL, because the builder owns the
 * opcode and opcode-specific fields.  Use goya_cb_raw() for anything else.
 */
struct goya_cb_builder {
	uint8_t *buf;
	size_t cap;
	size_t len;
	int err;
};

/** goya_cb_init() - start building into @buf of @cap bytes.
 * @b: builder. @buf: buffer. @cap: capacity. */
void goya_cb_init(struct goya_cb_builder *b, void *buf, size_t cap);

/** goya_cb_reset() - forget all packets (len = 0, err = 0). @b: builder. */
void goya_cb_reset(struct goya_cb_builder *b);

/** goya_cb_space() - bytes still free. @b: builder. Return: bytes. */
size_t goya_cb_space(const struct goya_cb_builder *b);

/**
 * goya_cb_wreg32() - append WREG_32: write @value to register @reg of the
 * executing engine's block.
 * @b:     builder.
 * @reg:   register offset (ctl[15:0]; must fit 16 bits).
 * @value: value.
 * @flags: barrier bits (GOYA_PKT_EB/RB/MB).
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int goya_cb_wreg32(struct goya_cb_builder *b, uint32_t reg, uint32_t value,
		   uint32_t flags);

/**
 * goya_cb_wreg_bulk() - append WREG_BULK: @n 64-bit values to consecutive
 * registers starting at @reg (the kernel parser rejects this packet from
 * users).
 * @b: builder. @reg: register offset (ctl[15:0], assumed as for WREG_32).
 * @values: the values. @n: count. @flags: barrier bits.
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int goya_cb_wreg_bulk(struct goya_cb_builder *b, uint32_t reg,
		      const uint64_t *values, uint32_t n, uint32_t flags);

/**
 * goya_cb_msg_long() - append MSG_LONG: 32-bit write of @value to device
 * address @addr.
 * @b: builder. @addr: address. @value: value. @flags: barrier bits.
 *
 * Return: 0 or -ENOSPC.
 */
int goya_cb_msg_long(struct goya_cb_builder *b, uint64_t addr, uint32_t value,
		     uint32_t flags);

/**
 * goya_cb_msg_short() - append MSG_SHORT: 32-bit write of @value to
 * CP_MSG_BASE<base> + @offset of the executing QMAN.
 * @b: builder. @base: 0..3. @offset: 0..0xFFFF. @op: 0..3 (see the layout
 * note above). @value: value. @flags: barrier bits.
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int goya_cb_msg_short(struct goya_cb_builder *b, uint32_t base,
		      uint32_t offset, uint32_t op, uint32_t value,
		      uint32_t flags);

/**
 * goya_cb_msg_prot() - append MSG_PROT: protected 32-bit write (only the
 * kernel may use it; the parser rejects it from users).
 * @b: builder. @addr: address. @value: value. @flags: barrier bits.
 *
 * Return: 0 or -ENOSPC.
 */
int goya_cb_msg_prot(struct goya_cb_builder *b, uint64_t addr, uint32_t value,
		     uint32_t flags);

/**
 * goya_cb_fence() - append FENCE: wait until fence counter @id reaches
 * @target, then decrement it by @dec.
 * @b: builder. @id: 0..3. @target: 0..255. @dec: 0..15. @flags: barriers.
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int goya_cb_fence(struct goya_cb_builder *b, uint32_t id, uint32_t target,
		  uint32_t dec, uint32_t flags);

/**
 * goya_cb_lin_dma() - append LIN_DMA: copy @tsize bytes @src -> @dst.
 * @b:     builder.
 * @src:   source device address (host VA from hl_mem_map_host(), DRAM VA,
 *         or SRAM physical address); with GOYA_PKT_LIN_DMA_MEMSET, the
 *         64-bit fill pattern.
 * @dst:   destination device address.
 * @tsize: bytes (non-zero).
 * @dir:   enum hl_goya_dma_direction (used by the kernel parser only).
 * @flags: GOYA_PKT_LIN_DMA_* bits and barrier bits.
 *
 * Return: 0, -ENOSPC or -EINVAL (tsize 0, dir out of range).
 */
int goya_cb_lin_dma(struct goya_cb_builder *b, uint64_t src, uint64_t dst,
		    uint32_t tsize, uint32_t dir, uint32_t flags);

/**
 * goya_cb_cp_dma() - append CP_DMA: let the QMAN fetch @tsize bytes of
 * packets from @src for its engine's command queue (internal queues).
 * @b: builder. @src: address. @tsize: bytes. @flags: barrier bits.
 *
 * Return: 0 or -ENOSPC.
 */
int goya_cb_cp_dma(struct goya_cb_builder *b, uint64_t src, uint32_t tsize,
		   uint32_t flags);

/** goya_cb_nop() - append NOP. @b: builder. @flags: barrier bits.
 * Return: 0 or -ENOSPC. */
int goya_cb_nop(struct goya_cb_builder *b, uint32_t flags);

/** goya_cb_stop() - append STOP (rejected from users by the parser).
 * @b: builder. @flags: barrier bits. Return: 0 or -ENOSPC. */
int goya_cb_stop(struct goya_cb_builder *b, uint32_t flags);

/**
 * goya_cb_raw() - append pre-encoded bytes.
 * @b: builder. @data: bytes. @len: length (must be a multiple of 8).
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int goya_cb_raw(struct goya_cb_builder *b, const void *data, size_t len);

/* ------------------------------------------------------------------ */
/* Coresight debug / profiling (HL_IOCTL_DEBUG, hl_debug.c)             */
/* ------------------------------------------------------------------ */

/**
 * hl_debug() - raw HL_IOCTL_DEBUG on a compute handle.
 * @dev:     compute handle.
 * @op:      HL_DEBUG_OP_* (ETR, ETF, STM, FUNNEL, BMON, SPMU, SET_MODE).
 * @reg_idx: unit index (Goya: enum goya_debug_*_regs_index of the
 *           driver's goya.h, e.g. the STM / ETF / FUNNEL / BMON / SPMU
 *           instance); ignored for ETR and SET_MODE.
 * @enable:  enable (true) or disable the unit / debug mode.
 * @input:   the unit's struct hl_debug_params_* for enable (NULL if none).
 * @input_size: its size.
 * @output:  output buffer (ETR disable: the u64 trace write pointer; SPMU
 *           disable: counters, then overflow, then cycle count), or NULL.
 * @output_size: its size.
 *
 * Debug mode (SET_MODE enable) must be on for the unit opcodes; the
 * driver turns it off when the context closes and then flushes every
 * ETF and the ETR.
 *
 * Return: 0 or -errno (-EFAULT: debug mode off or a unit timed out,
 * -EINVAL: bad index or input, -EBUSY: device not idle / busy).
 */
int hl_debug(struct hl_dev *dev, uint32_t op, uint32_t reg_idx, bool enable,
	     const void *input, uint32_t input_size, void *output,
	     uint32_t output_size);

/** hl_debug_set_mode() - HL_DEBUG_OP_SET_MODE. @dev: compute handle.
 * @enable: enter/leave debug mode. Return: 0 or -errno. */
int hl_debug_set_mode(struct hl_dev *dev, bool enable);

/** hl_debug_op_name() - "ETR", "STM", ... or "?". @op: HL_DEBUG_OP_*. */
const char *hl_debug_op_name(uint32_t op);

/* ------------------------------------------------------------------ */
/* DMA and sync-manager helpers (hl_dma.c)                             */
/* ------------------------------------------------------------------ */

/*
 * Device addresses a user CB needs, from the 6.1 driver's Goya register
 * map (include/goya/asic_reg).  The configuration space is reached from
 * packets at GOYA_CFG_BASE + register offset; it is not translated by the
 * MMU.
 */
#define GOYA_CFG_BASE              0x7FFC000000ull
#define GOYA_SRAM_BASE             0x7FF0000000ull
#define GOYA_DRAM_VA_BASE          0x800000000ull   /* first DRAM VA */
#define GOYA_HOST_VA_BASE          0x1000000000000ull /* first host VA */
#define GOYA_SM_SOB_OBJ_0          0x112000u
#define GOYA_SM_MON_PAY_ADDRL_0    0x113000u
#define GOYA_SM_MON_PAY_ADDRH_0    0x113400u
#define GOYA_SM_MON_PAY_DATA_0     0x113800u
#define GOYA_SM_MON_ARM_0          0x113C00u
#define GOYA_SM_MON_STATUS_0       0x114000u
#define GOYA_SM_NUM_SOBS           1024
#define GOYA_SM_NUM_MONS           256
/* The driver points DMA channel write-completions at SOBs 1000..1007. */
#define GOYA_SM_USER_SOBS          1000
/* CP_MSG_BASE registers as the driver programs them on every QMAN:
 * MSG_SHORT base 0 = monitor block (MON_PAY_ADDRL_0), base 1 = SOBs. */
#define GOYA_MSG_BASE_MON          0
#define GOYA_MSG_BASE_SOB          1
/* SOB update (Goya userspace spec): bits 15:0 value, bit 31 add (else
 * set), bits 30:16 zero. */
#define GOYA_SOB_VAL_MASK          0xFFFFu
#define GOYA_SOB_ADD               0x80000000u
/* MON_ARM (Goya userspace spec): bits 9:0 the one SOB watched, bit 15
 * mode, bits 31:16 value.  No group, no mask. */
#define GOYA_MON_ARM_SOB_MASK      0x3FFu
#define GOYA_MON_ARM_MODE_EQ       0x8000u
#define GOYA_MON_ARM_VALUE_SHIFT   16

/** enum goya_mon_mode - when an armed monitor fires. */
enum goya_mon_mode {
	GOYA_MON_GE = 0,	/* SOB >= value */
	GOYA_MON_EQ = 1,	/* SOB == value */
};
/* WREG_32 offset the parser accepts: DMA_CH_n_WR_COMP_ADDR_LO. */
#define GOYA_WREG_WR_COMP_ADDR_LO  0x1020u

/** goya_sob_addr() - device address of sync object @sob. */
static inline uint64_t goya_sob_addr(uint32_t sob)
{
	return GOYA_CFG_BASE + GOYA_SM_SOB_OBJ_0 + 4ull * sob;
}

/**
 * goya_queue_fence_addr() - device address of the CP_FENCEn_RDATA register
 * of the QMAN behind queue @queue (a monitor payload written there with
 * value 1 increments fence counter @fence_id and releases a FENCE).
 * @queue: GOYA_QUEUE_ID_DMA_0..4, _MME, _TPC0..7.
 * @fence_id: 0..3.
 *
 * Return: the address, or 0 for a queue without a QMAN (CPU_PQ, out of
 * range).
 */
uint64_t goya_queue_fence_addr(uint32_t queue, uint32_t fence_id);

/**
 * goya_cb_sob_write() - append MSG_SHORT updating sync object @sob through
 * CP_MSG_BASE1.
 * @b: builder. @sob: 0..1023. @value: 0..0xFFFF. @add: add instead of set.
 * @flags: barrier bits (use GOYA_PKT_MB to order it after earlier DMA).
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int goya_cb_sob_write(struct goya_cb_builder *b, uint32_t sob, uint32_t value,
		      bool add, uint32_t flags);

/**
 * goya_mon_arm_word() - the MON_ARM value watching sync object @sob.
 * @sob: 0..1023. @mode: enum goya_mon_mode. @value: 0..0xFFFF.
 *
 * Return: the word (arguments are masked to their fields).
 */
static inline uint32_t goya_mon_arm_word(uint32_t sob, uint32_t mode,
					 uint32_t value)
{
	return (sob & GOYA_MON_ARM_SOB_MASK) |
	       (mode == GOYA_MON_EQ ? GOYA_MON_ARM_MODE_EQ : 0) |
	       (value & GOYA_SOB_VAL_MASK) << GOYA_MON_ARM_VALUE_SHIFT;
}

/**
 * goya_cb_mon_arm() - append the four MSG_SHORTs (through CP_MSG_BASE0)
 * that program monitor @mon to write @data to @addr once sync object @sob
 * satisfies @mode against @value, and arm it (last).  A monitor fires
 * once, then disarms.
 * @b: builder. @mon: 0..255. @sob: 0..1023. @mode: enum goya_mon_mode.
 * @value: 0..0xFFFF. @addr: payload address. @data: payload value.
 * @flags: barrier bits.
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int goya_cb_mon_arm(struct goya_cb_builder *b, uint32_t mon, uint32_t sob,
		    uint32_t mode, uint32_t value, uint64_t addr,
		    uint32_t data, uint32_t flags);

/**
 * goya_cb_wait_sob() - append what makes queue @queue wait until sync
 * object @sob satisfies @mode against @value: monitor @mon armed with
 * CP_FENCE<@fence_id>_RDATA of @queue as payload (data 1), then
 * FENCE(@fence_id, target 1, dec 1).
 * @b: builder. @queue: the queue that executes this CB. @mode: enum
 * goya_mon_mode. @value: 0..0xFFFF.
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int goya_cb_wait_sob(struct goya_cb_builder *b, uint32_t queue, uint32_t mon,
		     uint32_t sob, uint32_t mode, uint32_t value,
		     uint32_t fence_id);

/**
 * goya_cb_wrcomp_to_sob() - append the WREG_32 (the one the parser allows)
 * that points this DMA channel's write completion at @sob; a later LIN_DMA
 * with GOYA_PKT_LIN_DMA_WRCOMP then adds 1 to it (WR_COMP_WDATA is
 * 0x80000001 as the driver programs it).
 * @b: builder. @sob: 0..1023.
 *
 * Return: 0, -ENOSPC or -EINVAL.
 */
int goya_cb_wrcomp_to_sob(struct goya_cb_builder *b, uint32_t sob);

/** struct hl_host_buf - host memory pinned and mapped for the device. */
struct hl_host_buf {
	uint8_t *ptr;		/* host address */
	size_t size;		/* usable bytes */
	size_t map_len;		/* mmap length (2 MiB multiple) */
	uint64_t va;		/* device VA of ptr[0] */
};

/**
 * hl_host_buf_alloc() - mmap @size bytes (rounded up to 2 MiB), fault them
 * in and map them with hl_mem_map_host().
 * @dev: compute handle. @size: bytes. @buf: result (zeroed on failure).
 *
 * Return: 0 or -errno.
 */
int hl_host_buf_alloc(struct hl_dev *dev, size_t size, struct hl_host_buf *buf);

/** hl_host_buf_free() - unmap and release; safe on a zeroed struct.
 * @dev: compute handle. @buf: buffer. Return: 0 or the first -errno. */
int hl_host_buf_free(struct hl_dev *dev, struct hl_host_buf *buf);

/** struct hl_dram_buf - device DRAM allocated and mapped. */
struct hl_dram_buf {
	uint64_t handle;
	uint64_t va;
	uint64_t size;
};

/** hl_dram_buf_alloc() - hl_mem_alloc() + hl_mem_map_device().
 * @dev: compute handle. @size: bytes. @buf: result (zeroed on failure).
 * Return: 0 or -errno. */
int hl_dram_buf_alloc(struct hl_dev *dev, uint64_t size,
		      struct hl_dram_buf *buf);

/** hl_dram_buf_free() - unmap and free; safe on a zeroed struct.
 * @dev: compute handle. @buf: buffer. Return: 0 or the first -errno. */
int hl_dram_buf_free(struct hl_dev *dev, struct hl_dram_buf *buf);

/**
 * hl_dma_sync() - copy (or, with GOYA_PKT_LIN_DMA_MEMSET in @flags, fill)
 * with one LIN_DMA in a one-job CS on @queue and wait for it.
 * @dev: compute handle. @queue: GOYA_QUEUE_ID_DMA_0..4 (host sources only
 * on DMA_1). @src: source address or memset pattern. @dst: destination.
 * @size: bytes (non-zero). @dir: enum hl_goya_dma_direction. @flags: LIN_DMA
 * and barrier bits. @timeout_us: wait limit.
 *
 * The packet always carries GOYA_PKT_MB | GOYA_PKT_EB in addition to
 * @flags.  A CB is created and destroyed per call.
 *
 * Return: 0 or -errno (-ETIMEDOUT when still busy after @timeout_us).
 */
int hl_dma_sync(struct hl_dev *dev, uint32_t queue, uint64_t src,
		uint64_t dst, uint32_t size, uint32_t dir, uint32_t flags,
		uint64_t timeout_us);

#ifdef __cplusplus
}
#endif

#endif /* HL_HL_H */
