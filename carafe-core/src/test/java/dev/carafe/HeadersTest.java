package dev.carafe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

    private static List<String> fields(Headers headers) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> e : headers) {
            out.add(e.getKey() + ": " + e.getValue());
        }
        return out;
    }

    private static Headers headers() {
        return Response.text("x").headers();
    }

    @Test
    void setReplacesEveryFieldOfTheNameWithOneInTheFirstPlace() {
        Headers h = headers();
        h.add("X-A", "1").add("Other", "o").add("x-a", "2");
        h.set("X-a", "3");
        assertThat(fields(h)).containsSubsequence("X-A: 3", "Other: o").doesNotContain("x-a: 2");
        assertThat(h.all("x-A")).containsExactly("3");
        h.set("New", "n");
        assertThat(h.get("new")).contains("n");
    }

    @Test
    void manyFieldsKeepTheirOrderThroughRemovalsAndCopiesAreIndependent() {
        Headers h = new Headers();
        for (int i = 0; i < 40; i++) {
            h.add(i % 3 == 0 ? "X-Gone" : "X-" + i, String.valueOf(i));
        }
        assertThat(h.size()).isEqualTo(40);
        Headers copy = h.copy();
        assertThat(h.remove("x-gone")).isTrue();
        assertThat(h.remove("x-gone")).isFalse();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            if (i % 3 != 0) {
                expected.add("X-" + i + ": " + i);
            }
        }
        assertThat(fields(h)).isEqualTo(expected);
        assertThat(h.size()).isEqualTo(expected.size());
        assertThat(copy.size()).isEqualTo(40);
        assertThat(copy.all("X-Gone")).hasSize(14);
        copy.set("X-1", "changed");
        assertThat(h.get("X-1")).contains("1");
        assertThatThrownBy(() -> h.add("X-Nul", "a\0b")).hasMessage("header X-Nul must not contain CR, LF or NUL");
        // Fields of one name next to each other: each removal moves the next one into place.
        Headers adjacent = new Headers().add("A", "1").add("X-Dup", "1").add("x-dup", "2").add("X-DUP", "3").add("B", "2");
        adjacent.set("X-Dup", "only");
        assertThat(fields(adjacent)).containsExactly("A: 1", "X-Dup: only", "B: 2");
        adjacent.add("X-Dup", "again").add("X-Dup", "more");
        assertThat(adjacent.remove("x-dup")).isTrue();
        assertThat(fields(adjacent)).containsExactly("A: 1", "B: 2");
        assertThatThrownBy(() -> h.add("X-Null", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    }

    @Test
    void setAndAddRefuseLineBreaksWhetherTheNameIsPresentOrNot() {
        Headers h = headers();
        h.add("X-A", "1");
        assertThatThrownBy(() -> h.set("X-A", "a\r\nInjected: yes")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("header X-A must not contain CR, LF or NUL");
        assertThatThrownBy(() -> h.set("X-B", "b\n")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.set("Bad Name", "v")).hasMessage("header name must be a token, was \"Bad Name\"");
        assertThat(h.all("X-A")).containsExactly("1");
        assertThat(h.contains("X-B")).as("a refused field leaves nothing behind").isFalse();
        assertThat(h.contains("Bad Name")).isFalse();
        int size = h.size();
        assertThatThrownBy(() -> h.add("X-C", "c\r")).isInstanceOf(IllegalArgumentException.class);
        assertThat(h.size()).isEqualTo(size);
        assertThat(h.contains("X-C")).isFalse();
    }

    @Test
    void addTokenAddsOnceComparingCaseInsensitivelyAndMergesRepeatedFields() {
        Headers h = headers();
        h.addToken("Vary", "Cookie");
        assertThat(h.all("Vary")).containsExactly("Cookie");
        h.addToken("vary", "cookie");
        assertThat(h.all("Vary")).containsExactly("Cookie");
        h.addToken("Vary", "Accept-Encoding");
        assertThat(h.all("Vary")).containsExactly("Cookie, Accept-Encoding");
        h.add("Vary", "Origin, cookie");
        h.addToken("Vary", "Cookie");
        assertThat(h.all("Vary")).containsExactly("Cookie, Accept-Encoding, Origin");
        assertThatThrownBy(() -> h.addToken("Vary", "a\rb")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addTokenFindsATokenAnywhereInOneFieldButNotInsideAnother() {
        Headers h = headers().set("Vary", " Accept-Encoding ,COOKIE ");
        h.addToken("Vary", "cookie");
        assertThat(h.all("Vary")).containsExactly(" Accept-Encoding ,COOKIE "); // listed: left as it was
        Headers other = headers().set("Vary", "Cookies, X-Cookie");
        other.addToken("Vary", "Cookie");
        assertThat(other.all("Vary")).containsExactly("Cookies, X-Cookie, Cookie");
        Headers empty = headers().set("Vary", "");
        empty.addToken("Vary", "Cookie");
        assertThat(empty.all("Vary")).containsExactly("Cookie");
    }

    @Test
    void frozenHeadersRefuseEveryChange() {
        Headers h = headers().add("X-A", "1").freeze();
        List<String> before = fields(h);
        assertThatThrownBy(() -> h.set("X-A", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> h.set("X-B", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> h.addToken("Vary", "Cookie")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> h.add("X-C", "3")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> h.remove("X-A")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(fields(h)).isEqualTo(before).contains("X-A: 1");
    }
}
