package io.phat4j.attestation.os;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The VM-config fields that shape what QEMU and the TDX module measure apart from the OS image:
 * the ACPI tables (vCPUs, RAM, PCI devices, QEMU version and options) and the MRTD page-add order.
 * Two boots of any image with equal shapes get the same ACPI digests.
 *
 * <p>Values are compared as declared (an absent {@code qemu_version} equals only an absent one),
 * so a pinned value never matches a shape it was not recorded for.
 *
 * @param cpuCount vCPUs
 * @param memorySize RAM in bytes
 * @param qemuVersion QEMU version as declared, or null
 * @param pic explicit PIC setting, or null
 * @param qemuSinglePassAddPages explicit page-add flag, or null
 * @param pciHole64Size 64-bit PCI hole size (0 = QEMU default)
 * @param hugepages whether RAM is backed by huge pages
 * @param numGpus passthrough GPUs
 * @param numNvswitches passthrough NVSwitches
 * @param numNics virtio-net NICs (default 1)
 * @param numVerityVolumes verity volumes attached before the NICs
 * @param swtpm whether a software TPM is attached
 * @param hotplugOff whether PCI hotplug is off
 * @param hostShareMode how host files are shared ({@code 9p}, a disk, or empty)
 */
public record VmShape(
    long cpuCount,
    long memorySize,
    @Nullable String qemuVersion,
    @Nullable Boolean pic,
    @Nullable Boolean qemuSinglePassAddPages,
    long pciHole64Size,
    boolean hugepages,
    long numGpus,
    long numNvswitches,
    long numNics,
    long numVerityVolumes,
    boolean swtpm,
    boolean hotplugOff,
    String hostShareMode) {

  /** Checks the fields. */
  public VmShape {
    Objects.requireNonNull(hostShareMode, "hostShareMode");
  }

  /**
   * Takes the shape of a VM config.
   *
   * @param config the VM config
   * @return its shape
   */
  public static VmShape of(VmConfig config) {
    return new VmShape(config.cpuCount(), config.memorySize(), config.qemuVersion(), config.pic(),
        config.qemuSinglePassAddPages(), config.pciHole64Size(), config.hugepages(), config.numGpus(),
        config.numNvswitches(), config.numNics(), config.numVerityVolumes(), config.swtpm(), config.hotplugOff(),
        config.hostShareMode());
  }

  /**
   * Describes the shape briefly, for messages.
   *
   * @return e.g. {@code 2 vCPU, 2048 MiB, QEMU 8.2.2, 0 GPU}
   */
  public String describe() {
    return cpuCount + " vCPU, " + (memorySize / (1024 * 1024)) + " MiB, QEMU "
        + (qemuVersion == null ? "(default)" : qemuVersion) + ", " + numGpus + " GPU"
        + (numNvswitches > 0 ? ", " + numNvswitches + " NVSwitch" : "")
        + (numNics != 1 ? ", " + numNics + " NIC" : "")
        + (numVerityVolumes > 0 ? ", " + numVerityVolumes + " verity volumes" : "")
        + (swtpm ? ", swtpm" : "") + (hotplugOff ? ", hotplug off" : "") + (hugepages ? ", hugepages" : "")
        + (pciHole64Size > 0 ? ", pci_hole64_size " + pciHole64Size : "")
        + (hostShareMode.isEmpty() ? "" : ", share " + hostShareMode);
  }
}
