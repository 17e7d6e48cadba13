package io.phat4j.contracts.chain.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.phat4j.contracts.chain.ChainRpcException;
import io.phat4j.contracts.chain.ContractRevertedException;
import io.phat4j.contracts.chain.CustomError;
import io.phat4j.contracts.chain.EvmAddress;
import io.phat4j.core.DecodeException;
import io.phat4j.core.Hex;
import io.phat4j.core.PhalaException;
import io.phat4j.core.PhalaServiceException;
import io.phat4j.core.PhalaTransportException;
import io.phat4j.core.ResponseTooLargeException;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.web3j.protocol.Web3jService;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;

/** Sends JSON-RPC requests through a web3j service and maps every failure to a phat4j exception. */
public final class Rpc {
  private static final Pattern HEX_DATA = Pattern.compile("0x([0-9a-fA-F]{2})*");

  private final Web3jService service;

  public Rpc(Web3jService service) {
    this.service = service;
  }

  /** The web3j service requests go through. */
  public Web3jService service() {
    return service;
  }

  /** Sends a request and returns its result; a revert becomes a {@link ContractRevertedException}. */
  public JsonNode send(String method, List<?> params) {
    return send(method, params, null, List.of());
  }

  /** As {@link #send(String, List)}, decoding a revert with the contract's known errors. */
  public JsonNode send(String method, List<?> params, @Nullable EvmAddress contract, List<CustomError> errors) {
    Request<?, Raw> request = new Request<>(method, params, service, Raw.class);
    Raw response;
    try {
      response = request.send();
    } catch (JsonProcessingException e) {
      throw new DecodeException(method + " reply", -1, "not a JSON-RPC response: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new PhalaTransportException(method + " to the node failed: " + e.getMessage(), 1, e);
    } catch (ResponseTooLargeException e) {
      // From the SDK transport: same types, with the JSON-RPC method named.
      throw new ResponseTooLargeException(method + " reply: " + e.getMessage(), e.limit(), e.attempts(), e);
    } catch (PhalaTransportException e) {
      throw new PhalaTransportException(method + " to the node failed: " + e.getMessage(), e.attempts(), e);
    } catch (PhalaServiceException e) {
      throw new PhalaServiceException(method + " failed: the node answered an HTTP error", e.statusCode(), null, null,
          e.details());
    } catch (PhalaException e) {
      throw e;
    } catch (RuntimeException e) {
      // web3j wraps some mapping failures in unchecked exceptions
      throw new DecodeException(method + " reply", -1, "not a JSON-RPC response: " + e.getMessage(), e);
    }
    if (response == null) {
      throw new DecodeException(method + " reply", "empty");
    }
    if (response.hasError()) {
      Response.Error error = response.getError();
      String message = error.getMessage() == null ? "" : error.getMessage();
      if (isRevert(error.getCode(), message)) {
        throw RevertDecoder.exception(contract, revertData(error.getData()), errors, null);
      }
      throw new ChainRpcException(method, error.getCode(), message);
    }
    JsonNode result = response.getResult();
    return result == null ? NullNode.getInstance() : result;
  }

  /** Geth, anvil and most providers use code 3 or a message starting "execution reverted". */
  static boolean isRevert(int code, String message) {
    return code == 3 || message.toLowerCase(Locale.ROOT).startsWith("execution reverted");
  }

  /** web3j keeps {@code error.data} as text: either the hex itself or a JSON string of it. */
  static byte[] revertData(@Nullable String data) {
    if (data == null) {
      return new byte[0];
    }
    String s = data.strip();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      s = s.substring(1, s.length() - 1);
    }
    return HEX_DATA.matcher(s).matches() ? Hex.decode("revert data", s) : new byte[0];
  }

  /** A JSON-RPC response whose result is kept as a JSON tree, parsed strictly by the caller. */
  public static final class Raw extends Response<JsonNode> {
    /** For Jackson. */
    public Raw() {}
  }
}
