package io.phat4j.devnet.ratls;

import io.phat4j.attestation.os.ReferenceValues;
import io.phat4j.attestation.os.TdxRegisters;
import io.phat4j.attestation.os.VmConfig;
import io.phat4j.attestation.os.VmShape;
import io.phat4j.attestation.ratls.RaTlsCertificate;
import io.phat4j.devnet.Devnet;
import io.phat4j.devnet.OsImage;

/**
 * Reference values for the devnet's simulated OS image: the MRTD and RTMR0-2 the image declares,
 * pinned for the VM shape of a devnet CVM (the devnet gives no {@code tdx_measurement}, so the OS
 * image link needs pinned registers, as for any image without measurement files).
 */
final class DevnetPins {
  private DevnetPins() {}

  static ReferenceValues of(Devnet devnet, RaTlsCertificate devnetCertificate) {
    OsImage image = devnet.osImage();
    VmShape shape = VmShape.of(VmConfig.parse(devnetCertificate.vmConfigJson()));
    return ReferenceValues.builder()
        .addRegisters(new ReferenceValues.PinnedRegisters(image.osImageHash(), shape,
            new TdxRegisters(image.mrtd(), image.rtmr(0), image.rtmr(1), image.rtmr(2)), "phat4j devnet simulated image"))
        .build();
  }
}
