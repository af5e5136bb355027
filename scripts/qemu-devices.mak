# QEMU device configuration for goya-emu (x86_64-softmmu), used with
# --without-default-devices: only the boards and devices the runner, the
# tests and the benchmark use.  scripts/build-qemu.sh installs it as
# configs/devices/x86_64-softmmu/goya.mak.  The boards select what they
# need themselves (q35: ICH9 LPC, AHCI, PCIe host, ISA serial, RTC, ...).
#
# Adding a device to a test or to images/run-guest.sh?  Add its CONFIG_
# here (see the device's Kconfig in QEMU's tree), or QEMU will not know it.

# -M q35: every guest and qtest
CONFIG_Q35=y
# -M pc: the qtest that the device refuses a conventional PCI bus
CONFIG_I440FX=y

# -device goya
CONFIG_GOYA=y
# -device pcie-root-port: devices behind root ports, hot-plug (pciehp)
CONFIG_PCIE_PORT=y
# -device isa-debug-exit: images/run-guest.sh's KVM probe
CONFIG_ISA_DEBUG=y
# -device nvme (+ -blockdev null-co): the small-I/O reference of
# `./goya-emu bench`
CONFIG_NVME_PCI=y
