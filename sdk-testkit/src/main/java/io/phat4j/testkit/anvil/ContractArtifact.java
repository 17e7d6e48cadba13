package io.phat4j.testkit.anvil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.web3j.utils.Numeric;

/**
 * A compiled contract as phat4j's build commits it ({@code sdk-contracts/solidity/compile.mjs}):
 * its name, ABI (JSON text) and creation bytecode.
 *
 * @param contractName the contract's name, e.g. {@code DstackApp}
 * @param abiJson the ABI as a JSON array
 * @param bytecode the creation bytecode, {@code 0x}-hex
 */
public record ContractArtifact(String contractName, String abiJson, String bytecode) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Checks the fields.
   *
   * @param contractName the contract's name
   * @param abiJson the ABI as a JSON array
   * @param bytecode the creation bytecode
   */
  public ContractArtifact {
    Objects.requireNonNull(contractName, "contractName");
    Objects.requireNonNull(abiJson, "abiJson");
    Objects.requireNonNull(bytecode, "bytecode");
    if (!bytecode.startsWith("0x") || bytecode.length() <= 2) {
      throw new IllegalArgumentException(contractName + ": bytecode must be non-empty 0x-hex");
    }
  }

  /**
   * Loads an artifact from the class path, e.g. {@code
   * "/io/phat4j/contracts/artifacts/DstackApp.json"}.
   *
   * @param resource the absolute resource name
   * @return the artifact
   * @throws AnvilException when the resource is missing or not an artifact
   */
  public static ContractArtifact fromClasspath(String resource) {
    try (InputStream in = ContractArtifact.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new AnvilException("no contract artifact on the class path at " + resource);
      }
      return read(in, resource);
    } catch (IOException e) {
      throw new AnvilException("cannot read contract artifact " + resource, e);
    }
  }

  /**
   * Reads an artifact from a stream (not closed).
   *
   * @param in the artifact JSON
   * @param name a name for error messages
   * @return the artifact
   * @throws AnvilException when the JSON is not an artifact
   */
  public static ContractArtifact read(InputStream in, String name) {
    JsonNode json;
    try {
      json = JSON.readTree(in);
    } catch (IOException e) {
      throw new AnvilException("contract artifact " + name + " is not JSON", e);
    }
    JsonNode contract = json.path("contractName");
    JsonNode abi = json.path("abi");
    JsonNode bytecode = json.path("bytecode");
    if (!contract.isTextual() || !abi.isArray() || !bytecode.isTextual()) {
      throw new AnvilException(
          "contract artifact " + name + " lacks contractName, abi or bytecode");
    }
    return new ContractArtifact(contract.asText(), abi.toString(), bytecode.asText());
  }

  /**
   * Returns the creation bytecode as bytes.
   *
   * @return a fresh copy
   */
  public byte[] bytecodeBytes() {
    return Numeric.hexStringToByteArray(bytecode);
  }

  @Override
  public String toString() {
    return "ContractArtifact[" + contractName + ", " + (bytecode.length() - 2) / 2 + " bytes]";
  }
}
