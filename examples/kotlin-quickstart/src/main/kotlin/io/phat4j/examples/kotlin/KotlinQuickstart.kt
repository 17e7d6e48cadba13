package io.phat4j.examples.kotlin

import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.PropertyNamingStrategies
import io.phat4j.attestation.dcap.QuoteVerificationException
import io.phat4j.attestation.dcap.QuoteVerifier
import io.phat4j.attestation.dcap.TdReport
import io.phat4j.contracts.chain.BlockRef
import io.phat4j.contracts.chain.EvmAddress
import io.phat4j.contracts.cloud.AppSpec
import io.phat4j.contracts.kms.DstackApp
import io.phat4j.contracts.kms.DstackKms
import io.phat4j.contracts.cloud.CvmAttestation
import io.phat4j.contracts.cloud.CvmId
import io.phat4j.contracts.cloud.DeployOptions
import io.phat4j.contracts.cloud.DeployResult
import io.phat4j.contracts.cloud.OnChainApp
import io.phat4j.contracts.cloud.PhalaCloudClient
import io.phat4j.contracts.rollup.AttestorEvidence
import io.phat4j.contracts.rollup.ResultChecker
import io.phat4j.contracts.rollup.RollupActionType
import io.phat4j.contracts.rollup.RollupAnchorReader
import io.phat4j.contracts.rollup.RollupResult
import io.phat4j.core.AppId
import io.phat4j.core.Bytes32
import io.phat4j.core.Hex
import io.phat4j.core.crypto.InputSealer
import io.phat4j.core.crypto.Secp256k1PublicKey
import io.phat4j.core.dstack.ComposeHash
import io.phat4j.core.dstack.EventLog
import io.phat4j.core.dstack.guest.SignatureChainVerifier
import io.phat4j.devnet.Devnet
import io.phat4j.examples.quickstart.KeyAnnouncement
import io.phat4j.examples.quickstart.PrivateScoring
import io.phat4j.examples.quickstart.QuickstartChain
import io.phat4j.examples.quickstart.ScoreRequests
import java.math.BigInteger
import java.time.Duration
import org.web3j.crypto.Hash
import kotlin.system.exitProcess

/** The app the consumer talks to, once it runs. */
private data class RunningApp(val appId: AppId, val cvm: CvmId, val composeHash: Bytes32, val anchor: EvmAddress)

/** One checked link: its name, whether it holds, and why. */
data class Check(val link: String, val ok: Boolean, val detail: String)

private val snakeCase = ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)

private val applicant = """{"income_k":84,"debt_ratio":0.31,"late_payments":1,"years_of_history":9}"""

private val compose = """
    services:
      scoring:
        image: ${PrivateScoring.IMAGE}:1.0.0
        environment: [${PrivateScoring.WEIGHTS_ENV}, ${PrivateScoring.CUTOFF_ENV}, ${PrivateScoring.ANCHOR_ENV}, CHAIN_RPC_URL]
        volumes: ["/var/run/dstack.sock:/var/run/dstack.sock"]
    """.trimIndent()

/**
 * Runs the quickstart's client side and returns its last line: `RESULT VERIFIED: <id> <hash>` or
 * `REJECTED: <link>: <reason>`.
 */
fun runQuickstart(say: (String) -> Unit = ::println): String =
    Devnet.builder().contract(PrivateScoring.IMAGE) { PrivateScoring() }.start().use { devnet ->
        QuickstartChain(devnet).use { l2 ->
            devnet.cloudClient().use { cloud ->
                devnet.collateralClient().use { pccs ->
                    say("devnet at ${devnet.cloudApiUrl()}, L2 at ${l2.rpcUrl()}")
                    say("devnet root ${devnet.rootCaSha256()}: NOT the Intel root, trusted here by name only")

                    val kms = l2.kms()
                    val app = l2.deployApp(kms)
                    val anchor = l2.deployAnchor()
                    val running = cloud.deploy(l2, kms, app, anchor, say)

                    val keys = cloud.awaitKeys(running.cvm)
                    say("the enclave announced attestor ${keys.attestor()}; the admin grants it the role and gas")
                    l2.grantAttestor(anchor, keys.attestor())
                    l2.fund(keys.attestor(), BigInteger.TEN.pow(18))

                    val sealed = InputSealer.create(keys.inputKey())
                        .seal(applicant.toByteArray(), ScoreRequests.info(running.appId), ScoreRequests.aad(anchor))
                    val from = l2.client().blockNumber()
                    val requestId = l2.request(anchor, sealed.toByteArray())
                    say("request #$requestId queued with ${sealed.toByteArray().size} sealed bytes")

                    val reader = RollupAnchorReader.builder().chain(l2.client()).anchor(anchor).build()
                    val result = reader.awaitReply(from, requestId)
                    val resultBytes = l2.resultOf(anchor, requestId, BlockRef.number(result.commit().blockNumber()))
                    say("result ${resultBytes.decodeToString()} in block ${result.commit().blockNumber()}")

                    val checks = verify(cloud.cvms().attestation(running.cvm), running, devnet.rootCaDer(), pccs,
                        kms, reader, result, resultBytes)
                    checks.forEach { say("${if (it.ok) "ok  " else "FAIL"} ${it.link.padEnd(9)} ${it.detail}") }
                    val failed = checks.firstOrNull { !it.ok }
                    if (failed == null) "RESULT VERIFIED: $requestId ${Hex.encode0x(Hash.sha3(resultBytes))}"
                    else "REJECTED: ${failed.link}: ${failed.detail}"
                }
            }
        }
    }

/** Deploy as an on-chain app: the KMS checks the env key, the app's DstackApp must allow the compose hash first. */
private fun PhalaCloudClient.deploy(
    l2: QuickstartChain, kms: DstackKms, app: DstackApp, anchor: EvmAddress, say: (String) -> Unit,
): RunningApp {
    val appId = AppId.of(app.address().toByteArray())
    val spec = AppSpec.builder("private-scoring", compose)
        .kms("ETHEREUM")
        .env(PrivateScoring.WEIGHTS_ENV, "income_k=1.9,debt_ratio=-210,late_payments=-38,years_of_history=6.5")
        .env(PrivateScoring.CUTOFF_ENV, "680")
        .env(PrivateScoring.ANCHOR_ENV, anchor.toString())
        .env("CHAIN_RPC_URL", l2.rpcUrl())
        .build()
    val options = DeployOptions.builder()
        .trustedKmsKey(kms.root())
        .timeout(Duration.ofSeconds(60))
        .listener { say("  ${it.stage().name.lowercase()}: ${it.message()}") }
        .build()

    val deployment = when (val first = deployOnChain(spec, OnChainApp(appId, l2.admin().address()), options)) {
        is DeployResult.Pending -> {
            val hash = first.registration().composeHash().orEmpty().removePrefix("0x")
            say("compose hash 0x$hash must be allowed on chain first: the owner adds it")
            l2.allowComposeHash(app, Bytes32.fromHex(hash))
            confirm(first, options).deployment()
        }
        else -> first.deployment()
    }
    return RunningApp(appId, deployment.cvmId(), deployment.composeHash(), anchor)
}

/** The KMS root key the chain publishes: what every env key and app key must chain to. */
private fun DstackKms.root(at: BlockRef = BlockRef.latest()): Secp256k1PublicKey = Secp256k1PublicKey.of(kmsInfo(at).k256Pubkey())

private val CvmAttestation.eventLogJson: String
    get() = snakeCase.writeValueAsString(tcbInfo()?.eventLog().orEmpty())

private fun EventLog.announcement(): KeyAnnouncement? =
    runtimeEvents().appEvents().lastOrNull { it.event() == KeyAnnouncement.EVENT }?.let { KeyAnnouncement.decode(it.payload()) }

private fun PhalaCloudClient.awaitKeys(cvm: CvmId): KeyAnnouncement {
    repeat(600) {
        EventLog.parse(cvms().attestation(cvm).eventLogJson).announcement()?.let { return it }
        Thread.sleep(50)
    }
    error("the contract announced no keys in 30 s")
}

private fun RollupAnchorReader.awaitReply(fromBlock: Long, requestId: Long): RollupResult {
    repeat(600) {
        val received = buildList { scanResultReceived(fromBlock, null) { if (it.requestId().toLong() == requestId) add(it) } }
        received.lastOrNull()?.let { r ->
            return commit(r.transactionHash()).orElseThrow().results().first {
                it.action().type() == RollupActionType.REPLY && BigInteger(1, it.action().payload().copyOf(32)) == requestId.toBigInteger()
            }
        }
        Thread.sleep(50)
    }
    error("no result for request #$requestId in 30 s")
}

/** Every link from the quote to the result, each checked with the SDK; a link that cannot be checked fails. */
private fun verify(
    attestation: CvmAttestation, app: RunningApp, rootCa: ByteArray, collateral: io.phat4j.attestation.dcap.CollateralSource,
    kms: DstackKms, reader: RollupAnchorReader, result: RollupResult, resultBytes: ByteArray,
): List<Check> = buildList {
    val quoteHex = attestation.appCertificates().firstOrNull()?.quote()
        ?: run { add(Check("quote", false, "the attestation carries no quote")); return@buildList }
    val td = try {
        val verified = QuoteVerifier.builder().trustAnchor(rootCa).build().verify(Hex.decode("quote", quoteHex), collateral)
        add(Check("quote", true, "TDX quote, TCB ${verified.status()}, ${verified.trustAnchor().describe().substringBefore(" (")}"))
        verified.report() as TdReport
    } catch (e: QuoteVerificationException) {
        add(Check("quote", false, e.message.orEmpty()))
        return@buildList
    }

    val log = EventLog.parse(attestation.eventLogJson)
    val replayed = log.replay()
    val mismatch = (0..3).firstOrNull { replayed.get(it) != td.rtmr(it) }
    add(Check("rtmr", mismatch == null, mismatch?.let { "RTMR$it does not replay" } ?: "${log.size()} events replay to RTMR0-3"))
    if (mismatch != null) return@buildList

    val events = log.runtimeEvents()
    val shown = ComposeHash.of(attestation.tcbInfo()?.appCompose().orEmpty().toByteArray())
    add(when {
        shown != events.composeHash() -> Check("compose", false, "app-compose.json does not hash to the measured compose hash")
        events.composeHash() != app.composeHash -> Check("compose", false, "the enclave runs another compose hash")
        events.appId() != app.appId -> Check("compose", false, "the enclave runs another app id")
        else -> Check("compose", true, "compose hash 0x${app.composeHash.hex().take(16)}..., app id 0x${app.appId.hex()}")
    })

    val keys = log.announcement()
        ?: run { add(Check("kms", false, "no key announcement in the measured log")); return@buildList }
    val root = kms.root(BlockRef.number(result.commit().blockNumber()))
    runCatching {
        SignatureChainVerifier.trusting(root).verifyKeyV0(
            keys.attestorKey().compressed(), KeyAnnouncement.ATTESTOR_PURPOSE, listOf(keys.appSignature(), keys.kmsSignature()), app.appId,
        )
    }.fold(
        { add(Check("kms", true, "attestor key issued to the app by KMS root ${root.compressedHex0x().take(18)}...")) },
        { add(Check("kms", false, it.message.orEmpty())) },
    )

    val trust = ResultChecker.builder().reader(reader).kms(kms.address()).build()
        .check(result, AttestorEvidence.KeyChain(keys.chain(app.appId), events.composeHash()!!), Bytes32.of(Hash.sha3(resultBytes)))
    trust.links().forEach { add(Check(it.link().name.lowercase(), it.passed(), it.reason())) }
    if (result.commit().attestor() != keys.attestor()) {
        add(Check("attestor", false, "committed by ${result.commit().attestor()}, not the attested ${keys.attestor()}"))
    }
}

/** `java -cp … io.phat4j.examples.kotlin.KotlinQuickstartKt`: exits 0 when the result verified. */
fun main() {
    val verdict = runQuickstart()
    println(verdict)
    exitProcess(if (verdict.startsWith("RESULT VERIFIED")) 0 else 1)
}
