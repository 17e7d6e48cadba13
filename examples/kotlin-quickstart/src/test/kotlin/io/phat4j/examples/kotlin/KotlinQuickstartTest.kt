package io.phat4j.examples.kotlin

import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test

class KotlinQuickstartTest {
    @Test
    fun `the whole mission verifies on the devnet`() {
        val story = mutableListOf<String>()

        val verdict = runQuickstart { story += it }

        assertThat(verdict).matches("RESULT VERIFIED: 0 0x[0-9a-f]{64}")
        val checks = story.filter { it.startsWith("ok  ") || it.startsWith("FAIL") }
        assertThat(checks).allMatch { it.startsWith("ok  ") }
        assertThat(checks.map { it.substring(5).substringBefore(' ') })
            .containsExactly("quote", "rtmr", "compose", "kms", "attestor_role", "attestor_bound_to_app",
                "compose_hash_allowed", "result_hash")
        assertThat(story).anyMatch { it.contains("\"decision\":\"approved\"") }
    }
}
