package dev.carafe.correlation;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Context;
import dev.carafe.ContextException;
import dev.carafe.Globals;
import dev.carafe.Headers;
import dev.carafe.Key;
import dev.carafe.Signal;
import dev.carafe.UserContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Correlation ids for one app: one id per outside request, shared by every log line and every
 * outgoing call it causes, in every service it reaches.
 *
 * <p>Install it during setup, before other hooks and signal receivers, so that their log lines
 * carry the id too:
 * <pre>{@code
 * Correlation.install(app);                              // the defaults, or:
 * Correlation.builder().incomingHeaders("X-Amzn-Trace-Id").responseHeader("X-Request-ID").install(app);
 * }</pre>
 *
 * <p><b>Incoming.</b> A request's id is the first valid value of the incoming headers, by default
 * {@code X-Request-ID}, then {@code X-Correlation-ID}, then the trace id of a W3C
 * {@code traceparent}; an invalid value counts as absent (see {@link CorrelationId#isValid}),
 * and with none a new id is generated. It is made on first use, kept as the request's
 * {@link UserContext} of type {@link CorrelationId}, and so shared by the request's copies.
 *
 * <p><b>Logs.</b> While a context of the app is pushed, SLF4J's MDC holds the id under
 * {@value #MDC_KEY}: in handlers, hooks, error handlers, teardown callbacks, and copies of the
 * request's context run in other threads. When the context is popped the previous value is put
 * back (or the key removed), so it never leaks into another request's lines.
 *
 * <p><b>Response and outgoing calls.</b> The response echoes the id in {@code X-Request-ID}
 * (configurable); {@link CorrelatedHttpClient} sends it on, with a child {@code traceparent}
 * when the request came with one.
 *
 * <p><b>Outside requests.</b> A CLI command or a job opens a context with an id of its own with
 * {@link #run(Carafe, Runnable)} or {@link #appContext(Carafe, String)}.
 */
public final class Correlation {
    /** The MDC key that holds the id: {@code %X{correlation_id}} in a Logback pattern. */
    public static final String MDC_KEY = "correlation_id";
    /** The default header for the response and for outgoing calls. */
    public static final String DEFAULT_HEADER = "X-Request-ID";
    /** The default incoming headers, in order of precedence; a {@code traceparent} comes after them. */
    public static final List<String> DEFAULT_INCOMING_HEADERS = List.of("X-Request-ID", "X-Correlation-ID");

    private static final Logger LOG = LoggerFactory.getLogger(Correlation.class);
    private static final Key<Correlation> INSTALLED = Key.of("carafe.correlation", Correlation.class);
    private static final Key<CorrelationId> OWN_ID = Key.of("carafe.correlation.id", CorrelationId.class);
    private static final Key<SavedMdc> SAVED = Key.of("carafe.correlation.saved-mdc", SavedMdc.class);

    private final Carafe app;
    private final List<String> incomingHeaders;
    private final boolean readsTraceParent;
    private final Optional<String> responseHeader;
    private final String outgoingHeader;
    private final UserContext<CorrelationId> perRequest;

    private Correlation(Carafe app, Builder b) {
        this.app = app;
        this.incomingHeaders = List.copyOf(b.incomingHeaders);
        this.readsTraceParent = b.readsTraceParent;
        this.responseHeader = b.responseHeader;
        this.outgoingHeader = b.outgoingHeader;
        this.perRequest = app.userContext(CorrelationId.class, request -> resolve(request.headers()));
    }

    /**
     * Installs correlation ids on {@code app} with the defaults.
     *
     * @throws CarafeException when they are already installed, or the app has handled its first request
     */
    public static Correlation install(Carafe app) {
        return builder().install(app);
    }

    /** Returns a builder, to change which headers are read and written. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the correlation ids installed on {@code app}.
     *
     * @throws CarafeException when they are not installed; the message gives the call that installs them
     */
    public static Correlation of(Carafe app) {
        return app.extensions().get(INSTALLED).orElseThrow(() -> new CarafeException("Correlation ids are not"
                + " installed on app '" + app.name() + "'. Install them during setup, before other hooks:"
                + " Correlation.install(app)."));
    }

    // ---- the current id ------------------------------------------------------------------------

    /**
     * Returns the current context's id: the request's, a copy's (the same), or the one a CLI
     * command or job opened its context with.
     *
     * @throws ContextException when no context is current, or the current one has no id
     * @throws CarafeException  when the current app has no correlation ids installed
     */
    public static String current() {
        Context ctx = Globals.currentContext().orElseThrow(() -> new ContextException("There is no correlation id"
                + " here: no context is current on this thread. In a CLI command or a job, open one with"
                + " Correlation.run(app, () -> ...) (a new id) or Correlation.run(app, id, () -> ...); to use a"
                + " request's id in another thread, run the work in a copy of its context (Globals.copyContext())."));
        return of(ctx.app()).idOf(ctx).map(CorrelationId::value).orElseThrow(() -> new ContextException("There is"
                + " no correlation id in this context (" + ctx + "): it was opened with app.appContext(), which"
                + " carries none. Open it with Correlation.run(app, () -> ...) or Correlation.appContext(app, id)."));
    }

    /**
     * Returns the current context's id and incoming {@code traceparent}, or empty when no context
     * is current, it has no id, or its app has no correlation ids installed. Never throws.
     */
    public static Optional<CorrelationId> currentId() {
        return Globals.currentContext().flatMap(ctx -> ctx.app().extensions().get(INSTALLED)
                .flatMap(c -> c.idOf(ctx)));
    }

    /**
     * Returns the headers to add to a call made now to another service: the id under the
     * outgoing header and, when the request came with one, a child {@code traceparent}. Empty
     * when {@link #currentId()} is. For HTTP clients other than the JDK's; with the JDK's, use
     * {@link CorrelatedHttpClient}.
     */
    public static Map<String, String> outgoingHeaders() {
        Map<String, String> out = new LinkedHashMap<>(2);
        Globals.currentContext().ifPresent(ctx -> ctx.app().extensions().get(INSTALLED).ifPresent(c ->
                c.idOf(ctx).ifPresent(id -> {
                    out.put(c.outgoingHeader, id.value());
                    id.traceParent().ifPresent(tp -> out.put(TraceParent.HEADER, tp.child().header()));
                })));
        return out;
    }

    // ---- outside requests --------------------------------------------------------------------------

    /**
     * Returns a new, unpushed app context of {@code app} whose id is {@code id}, for a CLI command
     * or a job; push it with try-with-resources. The MDC holds the id while it is pushed.
     *
     * @throws IllegalArgumentException when {@code id} is not a valid id
     * @throws CarafeException          when {@code app} has no correlation ids installed
     */
    public static Context appContext(Carafe app, String id) {
        of(app);
        Context ctx = app.appContext();
        ctx.attributes().put(OWN_ID, CorrelationId.of(id));
        return ctx;
    }

    /** Runs {@code action} in a new app context of {@code app} with a new id. */
    public static void run(Carafe app, Runnable action) {
        run(app, CorrelationId.newValue(), action);
    }

    /**
     * Runs {@code action} in a new app context of {@code app} whose id is {@code id}, e.g. the id
     * of the request that queued a job.
     *
     * @throws IllegalArgumentException when {@code id} is not a valid id
     */
    public static void run(Carafe app, String id, Runnable action) {
        appContext(app, id).run(action);
    }

    /** Like {@link #run(Carafe, String, Runnable)}, returning the value of {@code action}. */
    public static <T> T call(Carafe app, String id, Callable<T> action) throws Exception {
        return appContext(app, id).call(action);
    }

    // ---- this app's settings -------------------------------------------------------------------------

    /** Returns the app they are installed on. */
    public Carafe app() {
        return app;
    }

    /** Returns the incoming headers that may carry the id, in order of precedence. */
    public List<String> incomingHeaders() {
        return incomingHeaders;
    }

    /** Returns whether a {@code traceparent}'s trace id is used when no incoming header has a valid id. */
    public boolean readsTraceParent() {
        return readsTraceParent;
    }

    /** Returns the response header that echoes the id, if any. */
    public Optional<String> responseHeader() {
        return responseHeader;
    }

    /** Returns the header that carries the id on outgoing calls. */
    public String outgoingHeader() {
        return outgoingHeader;
    }

    /**
     * Returns the id of a request with {@code headers}: the first valid value of the incoming
     * headers; else, when enabled, the trace id of a valid {@code traceparent}; else a new one.
     * A valid {@code traceparent} is kept in the result in every case, to be passed on.
     */
    public CorrelationId resolve(Headers headers) {
        Optional<TraceParent> traceParent = readsTraceParent
                ? headers.get(TraceParent.HEADER).flatMap(TraceParent::parse) : Optional.empty();
        for (String name : incomingHeaders) {
            Optional<String> value = headers.get(name).map(String::strip);
            if (value.isEmpty()) {
                continue;
            }
            if (CorrelationId.isValid(value.get())) {
                return new CorrelationId(value.get(), traceParent);
            }
            // Never log the value itself: it may be built to forge log lines.
            LOG.debug("Ignored the {} header: {}", name, CorrelationId.problem(value.get()));
        }
        return traceParent.map(tp -> new CorrelationId(tp.traceId(), traceParent))
                .orElseGet(() -> new CorrelationId(CorrelationId.newValue(), Optional.empty()));
    }

    @Override
    public String toString() {
        return "Correlation[app=" + app.name() + ", incoming=" + incomingHeaders
                + (readsTraceParent ? "+traceparent" : "") + ", response=" + responseHeader.orElse("(none)")
                + ", outgoing=" + outgoingHeader + "]";
    }

    // ---- wiring ------------------------------------------------------------------------------------

    private Optional<CorrelationId> idOf(Context ctx) {
        // ctx is the current context here, which is what the user context reads.
        return ctx.hasRequest() ? Optional.of(perRequest.current()) : ctx.attributes().get(OWN_ID);
    }

    private void wire() {
        app.connect(Signal.APPCONTEXT_PUSHED, e -> pushed(e.context()));
        app.connect(Signal.APPCONTEXT_POPPED, e -> popped(e.context()));
        responseHeader.ifPresent(header -> app.afterRequest(response -> response.header(header, perRequest.current().value())));
    }

    /** Puts the context's id in the MDC, remembering what was there for {@link #popped}. */
    private void pushed(Context ctx) {
        Optional<CorrelationId> own = idOf(ctx);
        if (own.isEmpty()) {
            // A plain app context opened inside a request (or a job) keeps the id in effect on
            // this thread, so that its outgoing calls carry it too.
            String inherited = MDC.get(MDC_KEY);
            if (inherited != null && CorrelationId.isValid(inherited)) {
                ctx.attributes().put(OWN_ID, CorrelationId.of(inherited));
            }
            return;
        }
        ctx.attributes().put(SAVED, new SavedMdc(Optional.ofNullable(MDC.get(MDC_KEY))));
        MDC.put(MDC_KEY, own.get().value());
    }

    /** Puts back what the MDC held before the context was pushed; runs on the thread that pushed it. */
    private static void popped(Context ctx) {
        ctx.attributes().remove(SAVED).ifPresent(saved -> saved.previous().ifPresentOrElse(
                previous -> MDC.put(MDC_KEY, previous), () -> MDC.remove(MDC_KEY)));
    }

    /** The MDC value a pushed context replaced. */
    private record SavedMdc(Optional<String> previous) {}

    /** Collects the settings; fails fast on bad header names. */
    public static final class Builder {
        private final List<String> incomingHeaders = new ArrayList<>(DEFAULT_INCOMING_HEADERS);
        private boolean readsTraceParent = true;
        private Optional<String> responseHeader = Optional.of(DEFAULT_HEADER);
        private String outgoingHeader = DEFAULT_HEADER;

        private Builder() {}

        /** Sets the incoming headers that may carry the id, in order of precedence (default {@code X-Request-ID, X-Correlation-ID}). */
        public Builder incomingHeaders(String... names) {
            List<String> checked = new ArrayList<>(names.length);
            for (String name : names) {
                checked.add(checkName(name));
            }
            incomingHeaders.clear();
            incomingHeaders.addAll(checked);
            return this;
        }

        /** Sets whether a {@code traceparent}'s trace id is used when no incoming header has one (default true). */
        public Builder readTraceParent(boolean read) {
            this.readsTraceParent = read;
            return this;
        }

        /** Sets the response header that echoes the id (default {@code X-Request-ID}). */
        public Builder responseHeader(String name) {
            this.responseHeader = Optional.of(checkName(name));
            return this;
        }

        /** Sends no response header. */
        public Builder noResponseHeader() {
            this.responseHeader = Optional.empty();
            return this;
        }

        /** Sets the header that carries the id on outgoing calls (default {@code X-Request-ID}). */
        public Builder outgoingHeader(String name) {
            this.outgoingHeader = checkName(name);
            return this;
        }

        /**
         * Installs correlation ids on {@code app}: a user context of type {@link CorrelationId},
         * receivers of the pushed and popped signals, and an after-request function.
         *
         * @throws CarafeException when they are already installed, or the app has handled its first request
         */
        public Correlation install(Carafe app) {
            Objects.requireNonNull(app, "app");
            if (app.extensions().get(INSTALLED).isPresent()) {
                throw new CarafeException("Correlation ids are already installed on app '" + app.name() + "'."
                        + " Install them once, during setup.");
            }
            Correlation correlation = new Correlation(app, this);
            correlation.wire();
            app.extensions().put(INSTALLED, correlation);
            return correlation;
        }

        private static String checkName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isEmpty() || !name.chars().allMatch(c -> c > ' ' && c < 127 && c != ':')) {
                throw new IllegalArgumentException("header name must be a token, was \"" + name + "\"");
            }
            return name;
        }
    }
}
