package io.phat4j.contracts.rollup;

import io.phat4j.core.Hex;
import java.util.Arrays;

/** A decoded call to an anchor that commits a rollup: direct or as a meta-transaction. */
public sealed interface RollupCall permits RollupCall.Direct, RollupCall.MetaTx {

  /**
   * Returns the committed conditions, updates and actions.
   *
   * @return the batch
   */
  RollupBatch batch();

  /**
   * A {@code rollupU256CondEq(condKeys, condValues, updateKeys, updateValues, actions)} call,
   * made by the attestor itself.
   *
   * @param batch the arguments
   */
  record Direct(RollupBatch batch) implements RollupCall {}

  /**
   * A {@code metaTxRollupU256CondEq(req, signature)} call, relayed for the signer {@code req.from}.
   *
   * @param request the signed request; its data decodes to {@link #batch()}
   * @param signature the 65-byte EIP-712 signature as sent (copied)
   * @param batch the arguments decoded from the request data
   */
  record MetaTx(ForwardRequest request, byte[] signature, RollupBatch batch) implements RollupCall {
    /** Copies the signature. */
    public MetaTx {
      signature = signature.clone();
    }

    @Override
    public byte[] signature() {
      return signature.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof MetaTx m
          && m.request.equals(request)
          && Arrays.equals(m.signature, signature)
          && m.batch.equals(batch);
    }

    @Override
    public int hashCode() {
      return (request.hashCode() * 31 + Arrays.hashCode(signature)) * 31 + batch.hashCode();
    }

    @Override
    public String toString() {
      return "MetaTx[request=" + request + ", signature=" + Hex.encode0x(signature) + ", batch=" + batch + "]";
    }
  }
}
