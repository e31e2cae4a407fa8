package dev.carafe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.carafe.testing.TestRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The typed per-request user context: Flask-Context's {@code current_context}. */
class UserContextTest {

    /** The example type: who is calling, read from a header. */
    record Caller(String name, int serial) {}

    /** A user context with a no-argument constructor. */
    static final class Audit {
        final List<String> events = new CopyOnWriteArrayList<>();
    }

    /** A closeable user context that records its closing. */
    static final class Tx implements AutoCloseable {
        final List<String> log;

        Tx(List<String> log) {
            this.log = log;
        }

        @Override
        public void close() {
            log.add("tx closed");
        }
    }

    private final AtomicInteger made = new AtomicInteger();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private Carafe app() {
        return Carafe.create("users", Config.builder().set(Config.TESTING, true).build());
    }

    private UserContext<Caller> registerCaller(Carafe app) {
        return app.userContext(Caller.class,
                request -> new Caller(request.headers().get("X-User", "anonymous"), made.incrementAndGet()));
    }

    @Test
    void handlersReadTheObjectTypedWithNoCasts() {
        Carafe app = app();
        UserContext<Caller> caller = registerCaller(app);
        app.get("/whoami", () -> caller.current().name());

        assertThat(app.testClient().send(TestRequest.get("/whoami").header("X-User", "ada")).text()).isEqualTo("ada");
        assertThat(app.testClient().get("/whoami").text()).isEqualTo("anonymous");
    }

    @Test
    void theFactoryIsNotCalledWhenTheRequestNeverAsks() {
        Carafe app = app();
        registerCaller(app);
        app.get("/", () -> "no caller needed");

        app.testClient().get("/");

        assertThat(made).hasValue(0);
    }

    @Test
    void theFactoryIsCalledOncePerRequestHoweverOftenAndWhereverItIsRead() {
        Carafe app = app();
        UserContext<Caller> caller = registerCaller(app);
        List<Caller> seen = new CopyOnWriteArrayList<>();
        app.beforeRequest(() -> seen.add(caller.current()));
        app.get("/", () -> {
            seen.add(caller.current());
            seen.add(Globals.userContext(Caller.class));
            return "ok";
        });
        app.afterRequest(r -> {
            seen.add(caller.current());
            return r;
        });
        app.teardownRequest(o -> seen.add(caller.current()));

        app.testClient().get("/");

        assertThat(made).hasValue(1);
        assertThat(seen).hasSize(5).allSatisfy(c -> assertThat(c).isSameAs(seen.getFirst()));
    }

    @Test
    void eachRequestGetsItsOwnObject() {
        Carafe app = app();
        UserContext<Caller> caller = registerCaller(app);
        app.get("/", () -> String.valueOf(caller.current().serial()));

        var client = app.testClient();
        assertThat(List.of(client.get("/").text(), client.get("/").text(), client.get("/").text()))
                .containsExactly("1", "2", "3");
    }

    @Test
    void copiesOfTheRequestOnOtherThreadsGetTheSameObject() throws Exception {
        Carafe app = app();
        UserContext<Caller> caller = registerCaller(app);
        List<Caller> seen = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        app.get("/", () -> {
            // Two copies and the request itself all ask at once; only one object is made.
            Context copy1 = Globals.copyContext();
            Context copy2 = Globals.copyContext();
            Future<?> a = pool.submit(() -> copy1.run(() -> {
                await(start);
                seen.add(caller.current());
            }));
            Future<?> b = pool.submit(() -> copy2.run(() -> {
                await(start);
                seen.add(Globals.userContext(Caller.class));
            }));
            start.countDown();
            seen.add(caller.current());
            a.get(10, TimeUnit.SECONDS);
            b.get(10, TimeUnit.SECONDS);
            return "ok";
        });

        app.testClient().get("/");

        assertThat(made).hasValue(1);
        assertThat(seen).hasSize(3).allSatisfy(c -> assertThat(c).isSameAs(seen.getFirst()));
    }

    @Test
    void aCloseableObjectIsClosedOnceAfterTheTeardownCallbacksAndThePoppedSignal() {
        Carafe app = app();
        List<String> log = new CopyOnWriteArrayList<>();
        UserContext<Tx> tx = app.userContext(Tx.class, () -> new Tx(log));
        app.get("/", () -> {
            tx.current();
            tx.current();
            return "ok";
        });
        app.teardownRequest(o -> log.add("teardown request, tx still open: " + tx.current().log.isEmpty()));
        app.teardownAppContext(o -> log.add("teardown app context"));
        app.connect(Signal.APPCONTEXT_POPPED, e -> log.add("popped"));

        app.testClient().get("/");

        // Released with what the request shares, after the context has ended and popped.
        assertThat(log).containsExactly("teardown request, tx still open: true", "teardown app context", "popped",
                "tx closed");
    }

    @Test
    void aCloseableObjectIsClosedAfterTheLastCopyEndsNotWhenTheRequestEnds() throws Exception {
        Carafe app = app();
        List<String> log = new CopyOnWriteArrayList<>();
        UserContext<Tx> tx = app.userContext(Tx.class, () -> new Tx(log));
        CountDownLatch finishCopy = new CountDownLatch(1);
        List<Future<?>> background = new CopyOnWriteArrayList<>();
        app.get("/", () -> {
            tx.current();
            Context copy = Globals.copyContext();
            background.add(pool.submit(() -> copy.run(() -> {
                await(finishCopy);
                log.add("copy still uses the tx: " + (tx.current().log == log));
            })));
            return "ok";
        });

        app.testClient().get("/");
        assertThat(log).as("the request ended, a copy still runs").isEmpty();

        finishCopy.countDown();
        background.getFirst().get(10, TimeUnit.SECONDS);
        assertThat(log).containsExactly("copy still uses the tx: true", "tx closed");
    }

    @Test
    void aCloseableObjectMadeOnlyInATestRequestContextIsClosedWhenItIsPopped() {
        Carafe app = app();
        List<String> log = new CopyOnWriteArrayList<>();
        UserContext<Tx> tx = app.userContext(Tx.class, () -> new Tx(log));

        try (var ctx = app.testRequestContext(TestRequest.get("/")).push()) {
            assertThat(tx.current()).isSameAs(tx.current());
            assertThat(log).isEmpty();
        }

        assertThat(log).containsExactly("tx closed");
    }

    @Test
    void aNoArgumentConstructorWorksAsTheFactory() {
        Carafe app = app();
        UserContext<Audit> audit = app.userContext(Audit.class, Audit::new);
        app.beforeRequest(() -> audit.current().events.add("before"));
        app.get("/", () -> {
            audit.current().events.add("handler");
            return String.join(",", audit.current().events);
        });

        assertThat(app.testClient().get("/").text()).isEqualTo("before,handler");
    }

    @Test
    void outsideARequestItSaysWhatRequestSays() {
        Carafe app = app();
        UserContext<Caller> caller = registerCaller(app);
        String noRequest = catchMessage(Globals::request);

        assertThat(noRequest).startsWith("Working outside of request context.");
        assertThatThrownBy(caller::current).isInstanceOf(ContextException.class).hasMessage(noRequest);
        assertThatThrownBy(() -> Globals.userContext(Caller.class))
                .isInstanceOf(ContextException.class).hasMessage(noRequest);
        assertThat(made).hasValue(0);
    }

    @Test
    void inAnAppContextWithoutARequestItSaysThereIsNoRequest() {
        Carafe app = app();
        UserContext<Caller> caller = registerCaller(app);

        app.appContext().run(() -> assertThatThrownBy(caller::current)
                .isInstanceOf(ContextException.class)
                .hasMessageStartingWith("There is no request in this context"));
    }

    @Test
    void severalAppsInOneJvmEachHaveTheirOwnRegistration() {
        Carafe shop = app();
        Carafe admin = Carafe.create("admin", Config.builder().set(Config.TESTING, true).build());
        UserContext<Caller> shopCaller = shop.userContext(Caller.class, request -> new Caller("shopper", 0));
        admin.userContext(Caller.class, request -> new Caller("admin", 0));
        shop.get("/", () -> shopCaller.current().name() + "/" + Globals.userContext(Caller.class).name());
        admin.get("/", () -> Globals.userContext(Caller.class).name());
        admin.get("/wrong", () -> shopCaller.current().name());

        assertThat(shop.testClient().get("/").text()).isEqualTo("shopper/shopper");
        assertThat(admin.testClient().get("/").text()).isEqualTo("admin");
        assertThatThrownBy(() -> admin.testClient().get("/wrong"))
                .isInstanceOf(ContextException.class)
                .hasMessage("The user context Caller is registered on app 'users', but the current request belongs"
                        + " to app 'admin'. Register it on that app too, and read it there with"
                        + " Globals.userContext(Caller.class), which looks in the current app.");
    }

    @Test
    void registeringATypeTwiceOnOneAppFails() {
        Carafe app = app();
        registerCaller(app);

        assertThatThrownBy(() -> app.userContext(Caller.class, () -> new Caller("x", 0)))
                .isInstanceOf(CarafeException.class)
                .hasMessage("A user context of type dev.carafe.UserContextTest$Caller is already registered on app"
                        + " 'users'. Register each type once, keep the UserContext it returns in a constant, and read"
                        + " it with that constant's current() or with Globals.userContext(Caller.class).");
    }

    @Test
    void registeringAfterTheFirstRequestFails() {
        Carafe app = app();
        app.get("/", () -> "ok");
        app.testClient().get("/");

        assertThatThrownBy(() -> registerCaller(app))
                .isInstanceOf(CarafeException.class)
                .hasMessageStartingWith("The setup method 'userContext' can no longer be called on the application 'users'.");
    }

    @Test
    void askingForATypeTheAppDidNotRegisterSaysHowToRegisterIt() {
        Carafe app = app();
        app.get("/", () -> Globals.userContext(Audit.class));

        assertThatThrownBy(() -> app.testClient().get("/"))
                .isInstanceOf(CarafeException.class)
                .hasMessage("No user context of type dev.carafe.UserContextTest$Audit is registered on app 'users'."
                        + " Register it during setup: app.userContext(Audit.class, request -> new Audit(...)).");
    }

    @Test
    void aFactoryReturningNullFailsWithAMessage() {
        Carafe app = app();
        UserContext<Caller> caller = app.userContext(Caller.class, request -> null);
        app.get("/", () -> caller.current().name());

        assertThatThrownBy(() -> app.testClient().get("/"))
                .isInstanceOf(CarafeException.class)
                .hasMessage("The factory of user context dev.carafe.UserContextTest$Caller on app 'users' returned"
                        + " null. It must return an object; use Optional fields inside it for absent values.");
    }

    @Test
    void aFailingFactoryStoresNothingSoTheNextReadTriesAgain() {
        Carafe app = app();
        UserContext<Caller> caller = app.userContext(Caller.class, request -> {
            if (made.incrementAndGet() == 1) {
                throw new IllegalStateException("directory down");
            }
            return new Caller("second try", made.get());
        });
        app.get("/", () -> {
            try {
                caller.current();
            } catch (IllegalStateException e) {
                // the first attempt fails
            }
            return caller.current().name();
        });

        assertThat(app.testClient().get("/").text()).isEqualTo("second try");
        assertThat(made).hasValue(2);
    }

    @Test
    void aFactoryThatNeedsItsOwnObjectFailsInsteadOfLooping() {
        Carafe app = app();
        app.userContext(Caller.class, request -> new Caller(Globals.userContext(Caller.class).name(), 0));
        app.get("/", () -> Globals.userContext(Caller.class).name());

        assertThatThrownBy(() -> app.testClient().get("/"))
                .isInstanceOf(CarafeException.class)
                .hasMessageStartingWith("The factory of user context dev.carafe.UserContextTest$Caller needs Caller"
                        + " itself (directly or through another user context's factory), so it can never finish.");
    }

    @Test
    void aFactoryMayReadAnotherUserContext() {
        Carafe app = app();
        UserContext<Caller> caller = registerCaller(app);
        UserContext<Audit> audit = app.userContext(Audit.class, request -> {
            Audit a = new Audit();
            a.events.add("for " + caller.current().name());
            return a;
        });
        app.get("/", () -> audit.current().events.getFirst());

        assertThat(app.testClient().send(TestRequest.get("/").header("X-User", "bob")).text()).isEqualTo("for bob");
    }

    private static String catchMessage(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an exception");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
