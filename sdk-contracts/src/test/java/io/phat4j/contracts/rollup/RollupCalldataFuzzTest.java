package io.phat4j.contracts.rollup;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.PhalaException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the decoding of transaction input sent to a rollup anchor: {@code rollupU256CondEq} and
 * {@code metaTxRollupU256CondEq} calldata, each action's typed payload, and meta-transaction signer
 * recovery. Seeds are calldata our encoder wrote for the anvil tests' rollups.
 */
class RollupCalldataFuzzTest {
  private static final EvmAddress ANCHOR = EvmAddress.fromHex("0x5fbdb2315678afecb367f032d93f642f64180aa3");

  @FuzzTest(maxDuration = "10m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void decodeCalldata(FuzzedDataProvider data) {
    try {
      RollupCall call = RollupCalldata.decode(data.consumeRemainingAsBytes());
      for (RollupAction action : call.batch().actions()) {
        switch (action.type()) {
          case SET_QUEUE_HEAD -> action.queueHeadTarget();
          case GRANT_ATTESTOR, REVOKE_ATTESTOR -> action.attestorAddress();
          default -> action.payload();
        }
      }
      if (call instanceof RollupCall.MetaTx meta) {
        MetaTxSignatures.recover(31337, ANCHOR, meta.request(), meta.signature());
      }
    } catch (PhalaException expected) {
      // a typed rejection is an allowed outcome
    }
  }
}
