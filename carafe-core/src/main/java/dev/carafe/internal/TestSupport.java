package dev.carafe.internal;

import dev.carafe.Carafe;
import dev.carafe.ContextException;
import dev.carafe.Response;
import dev.carafe.Session;
import dev.carafe.testing.TestRequest;
import java.util.List;
import java.util.function.Consumer;

/** Bridges for {@code dev.carafe.testing}; not for applications. */
public final class TestSupport {
    private TestSupport() {}

    /** Re-pushes a finished request context for reading only; its pop runs no teardown. */
    public static void pushPreserved(ContextImpl ctx) {
        ctx.pushPreserved();
    }

    /**
     * Opens the session of a context for {@code request} as a request would, lets {@code use}
     * read or change it, and, when {@code save} is set, saves it into a blank response and
     * returns that response's {@code Set-Cookie} values. The context is current meanwhile (so the
     * session interface and {@code use} may read the request), but no signal is sent and no
     * teardown runs: nothing was dispatched (Flask's {@code session_transaction} runs teardown
     * twice here).
     *
     * @throws ContextException when {@code save} is set and the app has no session to change
     */
    public static List<String> withSession(Carafe app, TestRequest request, Consumer<Session> use, boolean save) {
        App impl = (App) app;
        ContextImpl ctx = (ContextImpl) impl.testRequestContext(request);
        ctx.pushPreserved();
        try {
            TrackedSession session = ctx.trackedSession();
            if (save && session.isNull()) {
                throw new ContextException("Cannot open a session transaction: the session interface ("
                        + impl.sessionInterface() + ") opened no session for this request."
                        + (impl.config().secretKey().isEmpty() ? " " + NullSession.MESSAGE : ""));
            }
            use.accept(session);
            if (!save) {
                return List.of();
            }
            Response response = Response.empty(200);
            impl.sessionInterface().save(impl, session, response);
            return response.headers().all("Set-Cookie");
        } finally {
            ctx.pop();
        }
    }
}
