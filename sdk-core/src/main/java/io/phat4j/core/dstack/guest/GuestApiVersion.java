package io.phat4j.core.dstack.guest;

/** The guest agent API surfaces a {@link DstackGuestClient} can speak. */
public enum GuestApiVersion {
  /** The frozen, unversioned surface ({@code /GetKey}, …) of dstack up to 0.5.x, kept by 0.6. */
  V0,
  /** The versioned {@code /v1/...} surface introduced by dstack 0.6. */
  V1
}
