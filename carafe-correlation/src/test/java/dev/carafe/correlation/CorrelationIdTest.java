package dev.carafe.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which correlation ids are accepted: enough for real ids, nothing that can forge a log line. */
class CorrelationIdTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "f47ac10b-58cc-4372-a567-0e02b2c3d479",   // a UUID
        "4bf92f3577b34da6a3ce929d0e0e4736",       // a W3C trace id
        "01ARZ3NDEKTSV4RRFFQ69G5FAV",             // a ULID
        "Root=1-5759e988-bd862e3fe1be46a994272793", // an AWS trace id
        "req_42.a:b",
        "dGhpcyBpcyBiYXNlNjQ+/w==",               // base64
        "a"
    })
    void commonIdShapesAreValid(String id) {
        assertThat(CorrelationId.isValid(id)).isTrue();
        assertThat(CorrelationId.of(id).value()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "abc\r\n12:00:00 INFO forged line",   // CR LF: a forged log line
        "abc\ndef",
        "abc\rdef",
        "abc def",                            // space
        "abc\tdef",                           // tab
        "abc\u000bdef",                       // vertical tab
        "abc\u001b[31mred",                   // terminal escape
        "abc\u2028def",                       // Unicode line separator
        "abc\u0000def",                       // NUL
        "caf\u00e9",                          // non-ASCII letter
        "<script>",
        "\"quoted\"",
        "${jndi:ldap://x}",                   // lookup syntax
        "%0d%0a",                             // encoded CR LF
        "a,b",
        ""
    })
    void maliciousOrOddValuesAreInvalid(String id) {
        assertThat(CorrelationId.isValid(id)).isFalse();
        assertThatThrownBy(() -> CorrelationId.of(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void atMost128CharactersAreAccepted() {
        assertThat(CorrelationId.isValid("a".repeat(128))).isTrue();
        assertThat(CorrelationId.isValid("a".repeat(129))).isFalse();
        assertThat(CorrelationId.isValid(null)).isFalse();
    }

    @Test
    void theErrorNamesTheRuleAndThePlaceButNeverRepeatsTheValue() {
        assertThatThrownBy(() -> CorrelationId.of("abc\r\nforged"))
                .hasMessage("correlation id may only contain A-Z a-z 0-9 - _ . : + / =, but character 4 is U+000D");
        assertThatThrownBy(() -> CorrelationId.of("x".repeat(500)))
                .hasMessage("correlation id must be at most 128 characters, was 500");
        assertThatThrownBy(() -> CorrelationId.of(""))
                .hasMessage("correlation id must not be empty");
    }

    @Test
    void generatedIdsAreValidDistinctAndShapedLikeTraceIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            CorrelationId id = CorrelationId.generate();
            assertThat(id.value()).matches("[0-9a-f]{32}");
            assertThat(id.traceParent()).isEmpty();
            ids.add(id.value());
        }
        assertThat(ids).hasSize(1000);
    }

    @Test
    void generatedIdsAreRandomUuidsWithoutTheirDashes() {
        for (int i = 0; i < 1000; i++) {
            String id = CorrelationId.generate().value();
            UUID uuid = UUID.fromString(id.substring(0, 8) + "-" + id.substring(8, 12) + "-" + id.substring(12, 16)
                    + "-" + id.substring(16, 20) + "-" + id.substring(20));
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString().replace("-", "")).isEqualTo(id);
        }
    }

    @Test
    void idsGeneratedOnManyThreadsAtOnceAreDistinct() throws Exception {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 100; t++) {
                executor.submit(() -> {
                    for (int i = 0; i < 100; i++) {
                        ids.add(CorrelationId.generate().value());
                    }
                });
            }
        }
        assertThat(ids).hasSize(10_000);
    }
}
