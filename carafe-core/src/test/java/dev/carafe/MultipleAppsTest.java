package dev.carafe;

import static dev.carafe.Globals.context;
import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.hasAppContext;
import static dev.carafe.Globals.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Several apps in one JVM: their contexts nest and restore, and one can call another in-process. */
class MultipleAppsTest {
    static final Key<String> MARK = Key.of("mark", String.class);

    private final Carafe a = Carafe.create("app-a");
    private final Carafe b = Carafe.create("app-b");

    @AfterEach
    void noContextIsLeftBehind() {
        assertThat(hasAppContext()).isFalse();
    }

    @Test
    void contextsOfTwoAppsNestAndRestore() {
        try (Context ctxA = a.appContext().push()) {
            g().set(MARK, "a");
            try (Context ctxB = b.appContext().push()) {
                assertThat(currentApp()).isSameAs(b);
                assertThat(g().contains(MARK)).isFalse();
                try (Context innerA = a.testRequestContext(TestRequest.get("/x")).push()) {
                    assertThat(currentApp()).isSameAs(a);
                    assertThat(request().path()).isEqualTo("/x");
                }
                assertThat(context()).isSameAs(ctxB);
            }
            assertThat(context()).isSameAs(ctxA);
            assertThat(g().get(MARK)).contains("a");
        }
    }

    @Test
    void aHandlerOfOneAppCallsAnotherInProcessAndFindsItsOwnContextIntactAfterwards() {
        List<String> teardowns = new ArrayList<>();
        a.teardownAppContext(o -> teardowns.add("a"));
        b.teardownAppContext(o -> teardowns.add("b"));
        b.get("/price", () -> currentApp().name() + " prices " + request().args().get("item").orElseThrow());
        a.get("/order", () -> {
            Context mine = context();
            g().set(MARK, "set before the call");
            String answer = b.testClient().get("/price?item=tea").text();
            assertThat(context()).isSameAs(mine);
            assertThat(currentApp()).isSameAs(a);
            assertThat(request().path()).isEqualTo("/order");
            assertThat(g().get(MARK)).contains("set before the call");
            assertThat(teardowns).as("b's request ended; a's is still running").containsExactly("b");
            return "a got: " + answer;
        });
        assertThat(a.testClient().get("/order").text()).isEqualTo("a got: app-b prices tea");
        assertThat(teardowns).containsExactly("b", "a");
    }

    @Test
    void aFailureInTheCalledAppLeavesTheCallersContextIntact() {
        Carafe testingB = Carafe.create("app-b", Config.builder().set(Config.TESTING, true).build());
        IllegalStateException boom = new IllegalStateException("b failed");
        testingB.get("/fail", () -> {
            throw boom;
        });
        a.get("/call", () -> {
            Context mine = context();
            assertThatThrownBy(() -> testingB.testClient().get("/fail")).isSameAs(boom);
            assertThat(context()).isSameAs(mine);
            return "still " + currentApp().name();
        });
        assertThat(a.testClient().get("/call").text()).isEqualTo("still app-a");
    }

    @Test
    void hooksSignalsAndExtensionsBelongToOneApp() {
        List<String> seen = new ArrayList<>();
        a.beforeRequest(() -> seen.add("a before"));
        a.connect(Signal.REQUEST_STARTED, e -> seen.add("a started"));
        b.get("/", () -> "b");
        Key<String> ext = Key.of("ext", String.class);
        a.extensions().put(ext, "a's state");
        b.testClient().get("/");
        assertThat(seen).isEmpty();
        assertThat(b.extensions().get(ext)).isEmpty();
    }
}
