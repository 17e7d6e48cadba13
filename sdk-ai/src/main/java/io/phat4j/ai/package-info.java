/**
 * Phala confidential AI: response signatures ({@link io.phat4j.ai.ResponseSignature}), the
 * report_data binding of the signing key and nonce into the TDX quote
 * ({@link io.phat4j.ai.ReportDataBinding}), saved {@code /v1/attestation/report} responses
 * ({@link io.phat4j.ai.AttestationReport}) and their end-to-end offline verification
 * ({@link io.phat4j.ai.AiReportVerifier}).
 */
@NullMarked
package io.phat4j.ai;

import org.jspecify.annotations.NullMarked;
