package io.phat4j.attestation.ratls.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Encodes a TDX attestation in dstack's two certificate wire formats, for issuers (the devnet's
 * guest agent) and tests: SCALE {@code VersionedAttestation::V0} and the msgpack v1 map that
 * {@code rmp_serde::to_vec_named} writes ({@code Vec<u8>} as arrays of integers, serde_bytes
 * fields as bin).
 */
public final class AttestationEncoder {
  private AttestationEncoder() {}

  /**
   * Encodes SCALE v0: the version byte, the {@code DstackTdx} quote with its event log, the
   * runtime events, the report data and the config.
   *
   * @param a the attestation (its format is ignored)
   * @return the extension payload
   */
  public static byte[] scaleV0(DecodedAttestation a) {
    Out o = new Out();
    o.write(0); // VersionedAttestation::V0
    o.write(0); // AttestationQuote::DstackTdx
    o.scaleBytes(a.quote());
    o.compact(a.eventLog().size());
    for (TdxEvent e : a.eventLog()) {
      o.u32le(e.imr());
      o.u32le(e.eventType());
      o.scaleBytes(e.digest());
      o.scaleBytes(e.event().getBytes(StandardCharsets.UTF_8));
      o.scaleBytes(e.payload());
    }
    o.compact(a.runtimeEvents().size());
    for (TdxEvent e : a.runtimeEvents()) {
      o.scaleBytes(e.event().getBytes(StandardCharsets.UTF_8));
      o.scaleBytes(e.payload());
    }
    o.writeBytes(a.reportData());
    o.scaleBytes(a.config().getBytes(StandardCharsets.UTF_8));
    return o.toByteArray();
  }

  /**
   * Encodes msgpack v1: {@code {version: 1, platform: {kind: "tdx", data: {quote, event_log}},
   * stack: {kind: "dstack", data: {report_data, runtime_events, config}}}}.
   *
   * @param a the attestation (its format is ignored)
   * @return the extension payload
   */
  public static byte[] msgpackV1(DecodedAttestation a) {
    Out o = new Out();
    o.mapHeader(3);
    o.str("version");
    o.uint(1);
    o.str("platform");
    o.mapHeader(2);
    o.str("kind");
    o.str("tdx");
    o.str("data");
    o.mapHeader(2);
    o.str("quote");
    o.intArray(a.quote());
    o.str("event_log");
    o.arrayHeader(a.eventLog().size());
    for (TdxEvent e : a.eventLog()) {
      int fields = 5 + (e.version() != 1 ? 1 : 0) + (e.preimage() != null ? 1 : 0);
      o.mapHeader(fields);
      o.str("imr");
      o.uint(e.imr());
      o.str("event_type");
      o.uint(e.eventType());
      o.str("digest");
      o.bin(e.digest());
      o.str("event");
      o.str(e.event());
      o.str("event_payload");
      o.bin(e.payload());
      if (e.version() != 1) {
        o.str("version");
        o.uint(e.version());
      }
      if (e.preimage() != null) {
        o.str("preimage");
        o.str(e.preimage());
      }
    }
    o.str("stack");
    o.mapHeader(2);
    o.str("kind");
    o.str("dstack");
    o.str("data");
    o.mapHeader(3);
    o.str("report_data");
    o.intArray(a.reportData());
    o.str("runtime_events");
    List<TdxEvent> runtime = a.runtimeEvents();
    o.arrayHeader(runtime.size());
    for (TdxEvent e : runtime) {
      o.mapHeader(e.version() != 1 ? 3 : 2);
      o.str("event");
      o.str(e.event());
      o.str("payload");
      o.bin(e.payload());
      if (e.version() != 1) {
        o.str("version");
        o.uint(e.version());
      }
    }
    o.str("config");
    o.str(a.config());
    return o.toByteArray();
  }

  private static final class Out extends ByteArrayOutputStream {
    void u32le(long v) {
      write((int) v);
      write((int) (v >>> 8));
      write((int) (v >>> 16));
      write((int) (v >>> 24));
    }

    void compact(long n) {
      if (n < 1 << 6) {
        write((int) (n << 2));
      } else if (n < 1 << 14) {
        long v = n << 2 | 1;
        write((int) v);
        write((int) (v >>> 8));
      } else if (n < 1L << 30) {
        u32le(n << 2 | 2);
      } else {
        write(3); // big-integer mode, 4 bytes follow
        u32le(n);
      }
    }

    void scaleBytes(byte[] b) {
      compact(b.length);
      writeBytes(b);
    }

    void mapHeader(int n) {
      if (n < 16) {
        write(0x80 | n);
      } else {
        write(0xde);
        write(n >>> 8);
        write(n);
      }
    }

    void arrayHeader(int n) {
      if (n < 16) {
        write(0x90 | n);
      } else if (n < 1 << 16) {
        write(0xdc);
        write(n >>> 8);
        write(n);
      } else {
        write(0xdd);
        u32be(n);
      }
    }

    void u32be(long n) {
      write((int) (n >>> 24));
      write((int) (n >>> 16));
      write((int) (n >>> 8));
      write((int) n);
    }

    void uint(long v) {
      if (v < 0x80) {
        write((int) v);
      } else if (v < 0x100) {
        write(0xcc);
        write((int) v);
      } else if (v < 0x10000) {
        write(0xcd);
        write((int) (v >>> 8));
        write((int) v);
      } else {
        write(0xce);
        u32be(v);
      }
    }

    void str(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      if (b.length < 32) {
        write(0xa0 | b.length);
      } else if (b.length < 0x100) {
        write(0xd9);
        write(b.length);
      } else if (b.length < 0x10000) {
        write(0xda);
        write(b.length >>> 8);
        write(b.length);
      } else {
        write(0xdb);
        u32be(b.length);
      }
      writeBytes(b);
    }

    void bin(byte[] b) {
      if (b.length < 0x100) {
        write(0xc4);
        write(b.length);
      } else if (b.length < 0x10000) {
        write(0xc5);
        write(b.length >>> 8);
        write(b.length);
      } else {
        write(0xc6);
        u32be(b.length);
      }
      writeBytes(b);
    }

    void intArray(byte[] b) {
      arrayHeader(b.length);
      for (byte x : b) {
        uint(x & 0xff);
      }
    }
  }
}
