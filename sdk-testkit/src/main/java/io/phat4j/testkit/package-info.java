/**
 * Test fixtures: a self-made DCAP PKI and SGX/TDX quotes signed under it. Never a production trust
 * root.
 *
 * <p>{@link io.phat4j.testkit.DcapTestPki} issues a root CA, a PCK CA, a TCB signing certificate,
 * PCK certificates carrying the Intel SGX extension ({@link io.phat4j.testkit.SgxExtensionSpec}) and
 * CRLs, and signs {@link io.phat4j.testkit.TcbInfoSpec} and {@link io.phat4j.testkit.QeIdentitySpec}
 * documents. {@link io.phat4j.testkit.DcapQuoteBuilder} assembles and signs quotes (SGX v3, TDX v4,
 * TDX v5) the way an Intel quoting enclave does. {@link io.phat4j.testkit.DcapTestVector} ties it
 * together: one call gives a quote, {@link io.phat4j.testkit.TestCollateral} in dcap-qvl's JSON
 * shape, the trust anchor and a time, with options for the cases a verifier must reject.
 *
 * <pre>{@code
 * DcapTestPki pki = DcapTestPki.builder()
 *     .seed("my-test")                                        // reproducible bytes
 *     .clock(Clock.fixed(Instant.parse("2025-07-01T00:00:00Z"), ZoneOffset.UTC))
 *     .build();
 * DcapTestVector ok = DcapTestVector.tdxV4(pki).build();      // verifies: UpToDate
 * DcapTestVector revoked = DcapTestVector.tdxV4(pki).revokePck(true).build();
 * ok.writeTo(Path.of("target/vectors/ok"));                    // quote.bin, collateral.json, root_ca.der, time.txt
 * }</pre>
 *
 * <p>{@link io.phat4j.testkit.WriteDcapVectors} writes a standard set of such folders for checking
 * a verifier by hand (for example with dcap-qvl's {@code test_case verify --time T quote.bin
 * collateral.json root_ca.der}).
 */
@NullMarked
package io.phat4j.testkit;

import org.jspecify.annotations.NullMarked;
