package com.example.consumer

import io.phat4j.attestation.dcap.QuoteCollateral
import io.phat4j.attestation.dcap.QuoteVerifier
import io.phat4j.attestation.dcap.TdReport
import io.phat4j.contracts.cloud.PhalaCloudClient
import io.phat4j.core.Phat4jVersion
import io.phat4j.core.dstack.ComposeHash
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

/** Verifies a stored TDX quote, hashes an app compose and builds a Phala Cloud client, offline. */
fun main(args: Array<String>) {
    val samples = Path.of(args.firstOrNull() ?: "../../examples/cli/samples/tdx-quote")
    val quote = Files.readAllBytes(samples.resolve("quote.bin"))
    val collateral = QuoteCollateral.read(samples.resolve("collateral.json"))
    val at = Instant.ofEpochSecond(Files.readString(samples.resolve("time.txt")).trim().toLong())

    val verified = QuoteVerifier.builder().build().verify(quote, collateral, at)
    val report = verified.report() as TdReport
    println("phat4j ${Phat4jVersion.current()} (Kotlin consumer, Kotlin ${KotlinVersion.CURRENT})")
    println("quote: ${verified.teeType()} ${verified.status()} at $at under ${verified.trustAnchor().describe()}")
    println("mr_td: ${report.mrTd()}")

    val composeHash = ComposeHash.of("""{"docker_compose_file":"services: {}"}""".toByteArray())
    println("compose hash: $composeHash, app id: ${ComposeHash.appId(composeHash)}")

    PhalaCloudClient.builder().apiKey("phak_offline-example").build().use { cloud ->
        println("cloud client: ${cloud.baseUrl()} (API ${cloud.version()})")
    }
}
