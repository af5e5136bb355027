#!/bin/sh
# Device-less test of hl-info: a fake sysfs tree (HL_SYSFS_ROOT) and a
# fake control node (a regular file, so every INFO ioctl fails with ENOTTY)
# must give a well-formed flat JSON object whose sysfs/pci/hwmon keys carry
# the attribute contents and whose INFO keys report per-field errors.
set -eu
HL_INFO=$1
T=$(mktemp -d /tmp/test_hl_info.XXXXXX)
trap 'rm -rf "$T"' EXIT

# The 6.1 layout: hl0 is a parentless class device (no "device" link);
# the PCI device is found by pci_addr under bus/pci/devices.
PCI=$T/sys/devices/pci0000:00/0000:00:04.0
CLS=$T/sys/class/habanalabs/hl0
mkdir -p "$PCI/hwmon/hwmon2" "$CLS" "$T/dev" "$T/sys/bus/pci/devices"
ln -s ../../../devices/pci0000:00/0000:00:04.0 "$T/sys/bus/pci/devices/0000:00:04.0"
printf 'Operational\n' > "$CLS/status"
printf 'GOYA\n' > "$CLS/device_type"
printf '0000:00:04.0\n' > "$CLS/pci_addr"
printf 'hl-goya-0.1.0-fw-1.2.3-sec-0\n' > "$CLS/cpucp_ver"
printf '0x00000010\n' > "$CLS/cpld_ver"
printf '200000\n' > "$CLS/max_power"
printf '50000000\n' > "$CLS/mme_clk_curr"
printf '0x1da3\n' > "$PCI/vendor"
printf '0x0001\n' > "$PCI/device"
printf 'goya "quoted"\n' > "$PCI/hwmon/hwmon2/name"
printf '42000\n' > "$PCI/hwmon/hwmon2/temp1_input"
: > "$T/dev/hl_controlD0"

HL_SYSFS_ROOT=$T/sys HL_DEV_DIR=$T/dev "$HL_INFO" --json > "$T/out.json"
HL_SYSFS_ROOT=$T/sys HL_DEV_DIR=$T/dev "$HL_INFO" > "$T/out.txt"
grep -q 'sysfs.status *Operational' "$T/out.txt"

python3 - "$T/out.json" "$T/sys" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
checks = {
    "device.index": 0,
    "device.count": 1,
    "device.node": "control",
    "sysfs.status": "Operational",
    "sysfs.device_type": "GOYA",
    "sysfs.cpucp_ver": "hl-goya-0.1.0-fw-1.2.3-sec-0",
    "sysfs.cpld_ver": "0x00000010",
    "sysfs.max_power": "200000",
    "sysfs.mme_clk_curr": "50000000",
    "pci.bdf": "0000:00:04.0",
    "pci.path": sys.argv[2] + "/bus/pci/devices/0000:00:04.0",
    "hwmon.path": sys.argv[2] + "/bus/pci/devices/0000:00:04.0/hwmon/hwmon2",
    "pci.vendor": "0x1da3",
    "pci.device": "0x0001",
    "hwmon.name": 'goya "quoted"',
    "hwmon.temp1_input": "42000",
    "info.hw_ip.errno": -25,
    "info.clk_rate.errno": -25,
    "info.pll_frequency.MME.errno": -25,
    "sysfs.uboot_ver.errno": -2,
}
bad = [(k, d.get(k), v) for k, v in checks.items() if d.get(k) != v]
assert "INFO HW_IP_INFO" in d["info.hw_ip.error"], d["info.hw_ip.error"]
assert "sysfs.status.error" not in d
for k, got, want in bad:
    print("%s: got %r want %r" % (k, got, want))
sys.exit(1 if bad else 0)
PY
echo "hl-info sysfs/json test: 1 passed, 0 failed"
