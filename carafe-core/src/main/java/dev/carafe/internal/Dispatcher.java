package dev.carafe.internal;

import dev.carafe.Body;
import dev.carafe.CarafeException;
import dev.carafe.ClientGoneException;
import dev.carafe.ErrorHandler;
import dev.carafe.Handler;
import dev.carafe.HttpError;
import dev.carafe.Outcome;
import dev.carafe.Response;
import dev.carafe.ResponseHook;
import dev.carafe.Session;
import dev.carafe.Signal;
import dev.carafe.spi.ServerExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Runs one request through the lifecycle, in Flask 3.2's order:
 * push (pushed signal, session open, URL match), request-started, before-request, handler,
 * error handlers, after-this-request, after-request, session save, request-finished, the
 * response body, then teardown once. See {@code docs/lifecycle.md}.
 */
public final class Dispatcher {
    private Dispatcher() {}

    /**
     * Handles {@code exchange}; see {@link dev.carafe.spi.Dispatch#handle}. Throws only when
     * unhandled errors propagate (testing mode), when a got-request-exception receiver fails
     * (Flask lets that error escape to the server too), or for an {@link Error}.
     */
    public static void handle(App app, ServerExchange exchange) {
        handle(app, exchange, null);
    }

    /** Handles {@code exchange} and, when {@code keep} is set, hands the finished context to it. */
    public static void handle(App app, ServerExchange exchange, java.util.function.Consumer<ContextImpl> keep) {
        app.markFirstRequest();
        ContextImpl ctx = ContextImpl.forRequest(app, new RequestImpl(app, exchange));
        ScopedValue.where(ContextHolder.SCOPED, ctx).run(() -> run(app, ctx, exchange, keep));
    }

    private static void run(App app, ContextImpl ctx, ServerExchange exchange, java.util.function.Consumer<ContextImpl> keep) {
        Outcome outcome = Outcome.COMPLETED;
        RuntimeException propagate = null;
        Error fatal = null;
        try {
            Response response;
            Handled handled = new Handled();
            try {
                if (ctx.pushInternal()) {
                    ctx.afterFirstPush();
                }
                response = fullDispatch(app, ctx, handled);
            } catch (Exception e) {
                outcome = new Outcome.Failed(e);
                response = handleException(app, ctx, e);
            }
            if (outcome instanceof Outcome.Completed && handled.error != null) {
                outcome = new Outcome.Handled(handled.error);
            }
            ctx.unwindLeaked();
            Throwable writeFailure = write(ctx, exchange, response);
            if (writeFailure != null && outcome.error().isEmpty()) {
                outcome = new Outcome.Failed(writeFailure);
            }
        } catch (RuntimeException e) {
            // propagate mode (testing), or a got-request-exception receiver failed
            propagate = e;
            if (outcome.error().isEmpty()) {
                outcome = new Outcome.Failed(e);
            }
        } catch (Error e) {
            fatal = e;
            if (outcome.error().isEmpty()) {
                outcome = new Outcome.Failed(e);
            }
        } finally {
            try {
                // Also pops what the handler pushed and forgot, so a pooled thread is left clean.
                ctx.popAtRequestEnd(outcome);
            } catch (RuntimeException teardownFailure) {
                if (propagate != null) {
                    propagate.addSuppressed(teardownFailure);
                } else if (app.config().propagateExceptions()) {
                    propagate = teardownFailure;
                }
                // otherwise already logged by the teardown; the response is out
            }
        }
        if (keep != null) {
            keep.accept(ctx);
        }
        if (fatal != null) {
            throw fatal;
        }
        if (propagate != null) {
            throw propagate;
        }
    }

    /** Holds an error that became a response, so teardown can be told. */
    private static final class Handled {
        Throwable error;
    }

    private static Response fullDispatch(App app, ContextImpl ctx, Handled handled) throws Exception {
        Object rv;
        try {
            app.signals().send(Signal.REQUEST_STARTED, new Signal.ContextEvent(ctx));
            rv = preprocess(ctx);
            if (rv == null) {
                rv = dispatch(ctx);
            }
        } catch (Exception e) {
            rv = handleUserException(ctx, e);
            handled.error = e;
        }
        // after-request functions must see the request's context, not one a handler forgot to pop
        ctx.unwindLeaked();
        return finalizeRequest(app, ctx, rv, false);
    }

    private static Object preprocess(ContextImpl ctx) throws Exception {
        for (Scope scope : ctx.requestImpl().scopesOuterFirst()) {
            for (Handler h : scope.beforeRequestFunctions()) {
                Object rv = h.handle();
                if (rv != null) {
                    return rv;
                }
            }
        }
        return null;
    }

    private static Object dispatch(ContextImpl ctx) throws Exception {
        RequestImpl request = ctx.requestImpl();
        return switch (request.match()) {
            case RouteMatch.Found found -> {
                Object rv = found.entry().handler().handle();
                if (rv == null) {
                    throw new CarafeException("The handler for '" + found.entry().route().endpoint() + "' returned"
                            + " null, which is not a valid response. Return a String, bytes, a Response, an object to"
                            + " send as JSON, or Response.empty(204).");
                }
                yield rv;
            }
            case RouteMatch.NotFound n -> throw HttpError.of(404);
            case RouteMatch.MethodNotAllowed m -> throw HttpError.of(405)
                    .withHeader("Allow", String.join(", ", m.allowed()));
            case RouteMatch.Redirect r -> Response.redirect(r.location(), 308);
            case RouteMatch.Options o -> Response.empty(200).header("Allow", String.join(", ", o.allowed()));
            case RouteMatch.BadPath b -> throw HttpError.of(400, b.message());
        };
    }

    /** Finds an error handler (HTTP errors by status, then by class; others by class); rethrows when none. */
    @SuppressWarnings("unchecked")
    private static Object handleUserException(ContextImpl ctx, Exception e) throws Exception {
        List<Scope> scopes = ctx.requestImpl().scopesInnerFirst();
        if (e instanceof HttpError http) {
            for (Scope s : scopes) {
                ErrorHandler<? super HttpError> h = s.statusHandler(http.status());
                if (h != null) {
                    return h.handle(http);
                }
            }
            ErrorHandler<Throwable> byClass = findByClass(scopes, e);
            return byClass != null ? byClass.handle(e) : http.toResponse();
        }
        ErrorHandler<Throwable> h = findByClass(scopes, e);
        if (h == null) {
            throw e;
        }
        return h.handle(e);
    }

    @SuppressWarnings("unchecked")
    private static ErrorHandler<Throwable> findByClass(List<Scope> scopes, Throwable e) {
        for (Scope s : scopes) {
            ErrorHandler<?> h = s.classHandler(e.getClass());
            if (h != null) {
                return (ErrorHandler<Throwable>) h;
            }
        }
        return null;
    }

    /** The unhandled-error path: signal, propagate or 500 handler, then finalize tolerating failures. */
    private static Response handleException(App app, ContextImpl ctx, Exception e) {
        app.signals().send(Signal.GOT_REQUEST_EXCEPTION, new Signal.ErrorEvent(ctx, e));
        RequestImpl request = ctx.requestImpl();
        if (app.config().propagateExceptions()) {
            throw e instanceof RuntimeException re ? re : new CarafeException("Unhandled exception on "
                    + request.method() + " " + request.exchangePath() + ": " + e + " (the cause). Unhandled errors"
                    + " propagate to the caller in testing mode (TESTING or PROPAGATE_EXCEPTIONS); set"
                    + " PROPAGATE_EXCEPTIONS=false to get the 500 response instead.", e);
        }
        app.logger().error("Exception on {} [{}]", request.exchangePath(), request.method(), e);
        HttpError server = HttpError.of(500, HttpError.of(500).description(), e);
        Object rv;
        try {
            if (app.config().debug()) {
                // Flask's debugger takes over in debug mode, before any 500 handler; so does this page.
                rv = DebugPage.render(request, e);
            } else {
                ErrorHandler<? super HttpError> handler = null;
                for (Scope s : request.scopesInnerFirst()) {
                    handler = s.statusHandler(500);
                    if (handler != null) {
                        break;
                    }
                }
                if (handler == null) {
                    handler = findByClass(request.scopesInnerFirst(), server);
                }
                rv = handler != null ? handler.handle(server) : server.toResponse();
            }
        } catch (Exception handlerFailure) {
            app.logger().error("The 500 error handler failed while handling an error", handlerFailure);
            rv = server.toResponse();
        }
        try {
            ctx.unwindLeaked();
            return finalizeRequest(app, ctx, rv, true);
        } catch (Exception unreachable) {
            return server.toResponse();
        }
    }

    private static Response finalizeRequest(App app, ContextImpl ctx, Object rv, boolean fromErrorHandler) throws Exception {
        Response response = Responses.make(rv, ctx);
        try {
            response = processResponse(app, ctx, response);
            app.signals().send(Signal.REQUEST_FINISHED, new Signal.ResponseEvent(ctx, response));
        } catch (Exception e) {
            if (!fromErrorHandler) {
                throw e;
            }
            app.logger().error("Request finalizing failed with an error while handling an error", e);
        }
        return response;
    }

    private static Response processResponse(App app, ContextImpl ctx, Response response) throws Exception {
        for (ResponseHook hook : ctx.afterThisRequestHooks()) {
            response = requireResponse(hook.apply(response), "an after-this-request function");
        }
        for (Scope scope : ctx.requestImpl().scopesInnerFirst()) {
            List<ResponseHook> hooks = scope.afterRequestFunctions();
            for (int i = hooks.size() - 1; i >= 0; i--) {
                response = requireResponse(hooks.get(i).apply(response), "an after-request function");
            }
        }
        TrackedSession session = ctx.trackedSession();
        synchronized (session.lock()) {
            // Sealed first, under the lock the request's copies use too: from here on a session change
            // or an after-this-request function would be lost, so they fail instead. A copy's change
            // therefore lands either before this save or not at all, never half-way.
            ctx.markResponseMade();
            if (!session.isNull()) {
                Session s = session;
                app.sessionInterface().save(app, s, response);
            }
        }
        return response;
    }

    private static Response requireResponse(Response r, String what) {
        if (r == null) {
            throw new CarafeException(what + " returned null; it must return the response it was given"
                    + " (after changing it) or a new one.");
        }
        return r;
    }

    /** Writes the response inside the context; returns a streaming or client failure, or null. */
    private static Throwable write(ContextImpl ctx, ServerExchange exchange, Response response) {
        boolean head = ctx.requestImpl().method().equals("HEAD");
        int status = response.status();
        boolean noBody = head || status == 204 || status == 304 || (status >= 100 && status < 200);
        Body body = response.body();
        long length = switch (body) {
            case Body.Empty e -> 0;
            case Body.Bytes b -> b.bytes().length;
            case Body.Stream s -> -1;
        };
        ctx.markResponseMade();
        // 1xx, 204 and 304 carry no Content-Length at all (RFC 9110 §8.6); HEAD announces the GET length.
        try (OutputStream out = exchange.respond(status, response.headers(), noBody && !head ? -1 : length)) {
            if (noBody) {
                return null;
            }
            switch (body) {
                case Body.Empty e -> { }
                case Body.Bytes b -> out.write(b.bytes());
                case Body.Stream s -> {
                    try {
                        s.writer().writeTo(out);
                    } catch (Throwable e) {
                        // Cut short, whatever the failure (an Error too): the client must not take
                        // a truncated body for a whole one.
                        exchange.abort(e);
                        throw e;
                    }
                }
            }
            return null;
        } catch (IOException e) {
            ClientGoneException gone = new ClientGoneException("The client went away before the response to "
                    + ctx.requestImpl().method() + " " + ctx.requestImpl().exchangePath() + " was complete.", e);
            ctx.appImpl().logger().debug("{}", gone.getMessage());
            return gone;
        } catch (RuntimeException e) {
            ctx.appImpl().logger().error("The streamed response of {} {} failed", ctx.requestImpl().method(),
                    ctx.requestImpl().exchangePath(), e);
            return e;
        } catch (Error e) {
            throw e;
        } catch (Throwable sneaky) {
            // A checked exception thrown without being declared (a "sneaky throw") in a stream writer.
            ctx.appImpl().logger().error("The streamed response of {} {} failed", ctx.requestImpl().method(),
                    ctx.requestImpl().exchangePath(), sneaky);
            return new CarafeException("The streamed response failed: " + sneaky, sneaky);
        } finally {
            // A streamed body may still read the request body; once the exchange is over it is gone.
            ctx.markResponseSent();
        }
    }
}
