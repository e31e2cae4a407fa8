package dev.carafe;

import static dev.carafe.Globals.g;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testsupport.LogCapture;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code g}: Flask's per-context namespace with typed keys, and resources closed at teardown. */
class GTest {
    static final Key<String> NAME = Key.of("name", String.class);
    static final Key<Integer> COUNT = Key.of("count", Integer.class);
    static final Key<String> OTHER = Key.of("other", String.class);

    private final Carafe app = Carafe.create("g-test");

    @Test
    void getIsEmptyUntilSetAndThenReturnsTheValue() {
        try (Context ctx = app.appContext().push()) {
            assertThat(g().get(NAME)).isEmpty();
            g().set(NAME, "ada");
            assertThat(g().get(NAME)).contains("ada");
            assertThat(g().require(NAME)).isEqualTo("ada");
        }
    }

    @Test
    void getWithADefaultReturnsTheDefaultOnlyWhenUnset() {
        try (Context ctx = app.appContext().push()) {
            assertThat(g().get(COUNT, 0)).isZero();
            g().set(COUNT, 3);
            assertThat(g().get(COUNT, 0)).isEqualTo(3);
        }
    }

    @Test
    void requireOfAnUnsetKeySaysHowToSetOrTestIt() {
        try (Context ctx = app.appContext().push()) {
            assertThatThrownBy(() -> g().require(NAME))
                    .isInstanceOf(NoSuchElementException.class)
                    .hasMessage("g has no value for name:String; set it with g().set(...) or read it with"
                            + " g().get(key) and handle absence");
        }
    }

    @Test
    void keysWithTheSameNameButAnotherTypeAreDifferentKeys() {
        try (Context ctx = app.appContext().push()) {
            g().set(Key.of("id", String.class), "7");
            g().set(Key.of("id", Integer.class), 7);
            assertThat(g().get(Key.of("id", String.class))).contains("7");
            assertThat(g().get(Key.of("id", Integer.class))).contains(7);
        }
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aValueOfTheWrongTypeIsRefusedNamingTheKey() {
        try (Context ctx = app.appContext().push()) {
            Key raw = COUNT;
            assertThatThrownBy(() -> g().set(raw, "three"))
                    .isInstanceOf(ClassCastException.class)
                    .hasMessage("value for key 'count' must be a java.lang.Integer, was a java.lang.String");
            assertThat(g().contains(COUNT)).isFalse();
        }
    }

    @Test
    void nullValuesAreRefused() {
        try (Context ctx = app.appContext().push()) {
            assertThatThrownBy(() -> g().set(NAME, null)).isInstanceOf(NullPointerException.class)
                    .hasMessage("value for name:String");
        }
    }

    @Test
    void popRemovesTheValueAndReturnsIt() {
        try (Context ctx = app.appContext().push()) {
            g().set(NAME, "ada");
            assertThat(g().pop(NAME)).contains("ada");
            assertThat(g().contains(NAME)).isFalse();
            assertThat(g().pop(NAME)).isEmpty();
        }
    }

    @Test
    void setDefaultStoresTheValueOnlyWhenUnsetAndReturnsWhatIsStored() {
        try (Context ctx = app.appContext().push()) {
            assertThat(g().setDefault(NAME, "first")).isEqualTo("first");
            assertThat(g().setDefault(NAME, "second")).isEqualTo("first");
            assertThat(g().require(NAME)).isEqualTo("first");
        }
    }

    @Test
    void containsTellsWhetherAKeyIsSet() {
        try (Context ctx = app.appContext().push()) {
            assertThat(g().contains(NAME)).isFalse();
            g().set(NAME, "x");
            assertThat(g().contains(NAME)).isTrue();
        }
    }

    @Test
    void iterationGivesTheKeysInInsertionOrder() {
        try (Context ctx = app.appContext().push()) {
            g().set(OTHER, "b");
            g().set(NAME, "a");
            g().set(COUNT, 1);
            g().set(OTHER, "b again");   // updating keeps the place, as in a Python dict
            List<Key<?>> keys = new ArrayList<>();
            g().forEach(keys::add);
            assertThat(keys).containsExactly(OTHER, NAME, COUNT);
            g().pop(NAME);
            g().set(NAME, "back");       // re-inserting moves it to the end
            assertThat(g().keys()).containsExactly(OTHER, COUNT, NAME);
        }
    }

    @Test
    void theKeySetCannotBeChangedFromOutside() {
        try (Context ctx = app.appContext().push()) {
            g().set(NAME, "x");
            assertThatThrownBy(() -> g().keys().clear()).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void eachContextHasItsOwnG() {
        Context one = app.appContext();
        Context two = app.appContext();
        assertThat(one.g()).isNotSameAs(two.g());
        one.g().set(NAME, "one");
        assertThat(two.g().contains(NAME)).isFalse();
    }

    @Test
    void subtasksSettingAndReadingAtOnceLoseNoValueAndListEachKeyOnce() throws Exception {
        int n = 32;
        List<Key<Integer>> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(Key.of("k" + i, Integer.class));
        }
        Set<Key<?>> seen = app.appContext().call(() -> {
            try (var scope = java.util.concurrent.StructuredTaskScope.open()) {
                for (int i = 0; i < n; i++) {
                    int index = i;
                    scope.fork(() -> {
                        g().set(keys.get(index), index);
                        // Reads take no lock: another subtask's value is either not there yet or whole.
                        for (int k = 0; k < n; k++) {
                            int read = g().get(keys.get(k), -1);
                            if (read != -1 && read != k) {
                                throw new AssertionError(keys.get(k) + " read as " + read);
                            }
                        }
                        return g().require(keys.get(index));
                    });
                }
                scope.join();
            }
            for (int i = 0; i < n; i++) {
                assertThat(g().require(keys.get(i))).isEqualTo(i);
            }
            return g().keys();
        });
        assertThat(seen).hasSize(n).containsExactlyInAnyOrderElementsOf(keys);
    }

    // ---- resources ----------------------------------------------------------------------------------

    /** A resource that records when it is opened and closed. */
    record Conn(String name, List<String> log) implements AutoCloseable {
        Conn {
            log.add("open " + name);
        }

        @Override
        public void close() {
            log.add("close " + name);
        }
    }

    static final Key<Conn> DB = Key.of("db", Conn.class);
    static final Key<Conn> CACHE = Key.of("cache", Conn.class);

    @Test
    void aResourceIsCreatedOnFirstUseAndClosedWhenTheContextEnds() {
        List<String> log = new ArrayList<>();
        AtomicInteger created = new AtomicInteger();
        try (var ctx = app.appContext().push()) {
            Conn first = g().resource(DB, () -> {
                created.incrementAndGet();
                return new Conn("db", log);
            });
            Conn again = g().resource(DB, () -> {
                created.incrementAndGet();
                return new Conn("db2", log);
            });
            assertThat(again).isSameAs(first);
            assertThat(g().get(DB)).containsSame(first);
            assertThat(log).containsExactly("open db");
        }
        assertThat(created).hasValue(1);
        assertThat(log).containsExactly("open db", "close db");
    }

    @Test
    void resourcesCloseOnceInReverseOrderOfCreationAfterTheTeardownCallbacks() {
        List<String> log = new ArrayList<>();
        app.teardownAppContext(o -> log.add("teardown_appcontext sees " + g().require(DB).name()));
        app.connect(Signal.APPCONTEXT_TEARING_DOWN, e -> log.add("appcontext_tearing_down"));
        try (var ctx = app.appContext().push()) {
            g().resource(DB, () -> new Conn("db", log));
            g().resource(CACHE, () -> new Conn("cache", log));
        }
        assertThat(log).containsExactly("open db", "open cache", "teardown_appcontext sees db", "close cache",
                "close db", "appcontext_tearing_down");
    }

    @Test
    void aResourceOfARequestIsClosedWhenTheRequestEnds() {
        List<String> log = new ArrayList<>();
        app.get("/", () -> {
            g().resource(DB, () -> new Conn("db", log));
            log.add("handler");
            return "ok";
        });
        app.testClient().get("/");
        app.testClient().get("/");
        assertThat(log).containsExactly("open db", "handler", "close db", "open db", "handler", "close db");
    }

    @Test
    void aResourceThatFailsToCloseDoesNotStopTheOthersAndIsReported() {
        List<String> log = new ArrayList<>();
        IllegalStateException closeFailure = new IllegalStateException("close failed");
        Key<AutoCloseable> broken = Key.of("broken", AutoCloseable.class);
        Context ctx = app.appContext().push();
        g().resource(DB, () -> new Conn("db", log));
        g().resource(broken, () -> () -> {
            throw closeFailure;
        });
        try (LogCapture logs = LogCapture.of("g-test")) {
            assertThatThrownBy(ctx::pop).isSameAs(closeFailure);
            assertThat(logs.events()).hasSize(1);
        }
        assertThat(log).containsExactly("open db", "close db");
        assertThat(Globals.hasAppContext()).isFalse();
    }

    @Test
    void aResourceCannotBeCreatedAfterTheContextsResourcesWereClosed() {
        List<Throwable> failures = new ArrayList<>();
        app.connect(Signal.APPCONTEXT_TEARING_DOWN, e -> {
            try {
                e.context().g().resource(DB, () -> new Conn("late", new ArrayList<>()));
            } catch (ContextException ex) {
                failures.add(ex);
            }
        });
        app.appContext().run(() -> { });
        assertThat(failures).singleElement().extracting(Throwable::getMessage).isEqualTo("Cannot create the resource"
                + " db:Conn: this context's resources were already closed by its teardown. Create resources while"
                + " the context is active, at the latest in a teardown callback.");
    }

    @Test
    void aResourcePoppedFromGIsStillClosedOnce() {
        List<String> log = new ArrayList<>();
        try (var ctx = app.appContext().push()) {
            Conn conn = g().resource(DB, () -> new Conn("db", log));
            assertThat(g().pop(DB)).containsSame(conn);
        }
        assertThat(log).containsExactly("open db", "close db");
    }
}
