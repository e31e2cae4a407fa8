package dev.carafe.correlation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing W3C {@code traceparent} values (Trace Context level 1, section 3.2). */
class TraceParentTest {
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN = "00f067aa0ba902b7";
    static final String VALID = "00-" + TRACE + "-" + SPAN + "-01";

    @Test
    void aValidVersion00HeaderGivesItsFields() {
        TraceParent tp = TraceParent.parse(VALID).orElseThrow();

        assertThat(tp.traceId()).isEqualTo(TRACE);
        assertThat(tp.parentId()).isEqualTo(SPAN);
        assertThat(tp.flags()).isEqualTo("01");
        assertThat(tp.sampled()).isTrue();
        assertThat(tp.header()).isEqualTo(VALID);
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(TraceParent.parse("  " + VALID + "\t")).map(TraceParent::traceId).contains(TRACE);
    }

    @Test
    void unsampledFlagsAreKept() {
        TraceParent tp = TraceParent.parse("00-" + TRACE + "-" + SPAN + "-00").orElseThrow();

        assertThat(tp.sampled()).isFalse();
        assertThat(tp.child().flags()).isEqualTo("00");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "00-00000000000000000000000000000000-" + SPAN + "-01",     // all-zero trace id
        "00-" + TRACE + "-0000000000000000-01",                    // all-zero parent id
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-" + SPAN + "-01",     // upper-case hex
        "00-4bf92f3577b34da6a3ce929d0e0e473g-" + SPAN + "-01",     // not hex
        "00-" + TRACE + "-" + SPAN + "-0g",                        // flags not hex
        "00_" + TRACE + "-" + SPAN + "-01",                        // wrong separator
        "00-" + TRACE + "_" + SPAN + "-01",
        "00-" + TRACE + "-" + SPAN + "_01",
        "00-" + TRACE + "-" + SPAN + "-01-extra",                  // version 00 has exactly four fields
        "00-" + TRACE + "-" + SPAN + "-1",                         // too short
        "00-4bf92f3577b34da6a3ce929d0e0e473-" + SPAN + "-01",      // trace id one digit short
        "ff-" + TRACE + "-" + SPAN + "-01",                        // version ff is invalid
        "0g-" + TRACE + "-" + SPAN + "-01",                        // version not hex
        "01-" + TRACE + "-" + SPAN + "-01x",                       // a later version's extra fields need a '-'
        "not a traceparent"
    })
    void invalidValuesAreRejected(String header) {
        assertThat(TraceParent.parse(header)).isEmpty();
    }

    @Test
    void aLaterVersionIsReadByItsFirstFourFields() {
        assertThat(TraceParent.parse("01-" + TRACE + "-" + SPAN + "-01")).map(TraceParent::traceId).contains(TRACE);
        assertThat(TraceParent.parse("cc-" + TRACE + "-" + SPAN + "-01-what-the-future-will-be-like"))
                .map(TraceParent::parentId).contains(SPAN);
    }

    @Test
    void aChildKeepsTheTraceAndFlagsWithANewSpanIdAndVersion00() {
        TraceParent parent = TraceParent.parse("01-" + TRACE + "-" + SPAN + "-01").orElseThrow();
        Set<String> spans = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            TraceParent child = parent.child();
            assertThat(child.traceId()).isEqualTo(TRACE);
            assertThat(child.flags()).isEqualTo("01");
            assertThat(child.parentId()).hasSize(16).isNotEqualTo(SPAN).isNotEqualTo("0000000000000000");
            assertThat(child.header()).startsWith("00-" + TRACE + "-").endsWith("-01");
            assertThat(TraceParent.parse(child.header())).contains(child);
            spans.add(child.parentId());
        }
        assertThat(spans).hasSize(100);
    }

    @Test
    void theConstructorRejectsInvalidFieldsWithTheRule() {
        assertThatThrownBy(() -> new TraceParent("0".repeat(32), SPAN, "01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("traceparent traceId must not be all zero");
        assertThatThrownBy(() -> new TraceParent(TRACE, "0".repeat(16), "01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("traceparent parentId must not be all zero");
        assertThatThrownBy(() -> new TraceParent(TRACE, "00F067AA0BA902B7", "01"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("traceparent parentId must be 16 lower-case hex digits, was \"00F067AA0BA902B7\"");
    }
}
