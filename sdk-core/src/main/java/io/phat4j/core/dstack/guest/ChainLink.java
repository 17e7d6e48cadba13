package io.phat4j.core.dstack.guest;

/** A link of a dstack key signature chain, named in {@link SignatureChainException}. */
public enum ChainLink {
  /** The {@code Sign} RPC's signature over the data, by the derived key. */
  DATA_SIGNATURE,
  /** The app root key's signature over the derived public key (the v0 or v1 key claim). */
  APP_KEY_SIGNATURE,
  /** The KMS root key's signature over the app root public key. */
  KMS_SIGNATURE
}
