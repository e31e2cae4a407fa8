package dev.carafe.internal;

import dev.carafe.Flash;
import dev.carafe.Session;
import dev.carafe.Signal;
import dev.carafe.Tuple;
import dev.carafe.internal.session.CookieSessionInterface;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Flashed messages, stored in the session exactly as Flask stores them: a list of
 * {@code (category, message)} tuples under {@code _flashes}, so that a Flask service sharing
 * the session shows messages flashed by Carafe and the other way round.
 */
public final class Flashes {
    /** The session key Flask keeps flashed messages under. */
    public static final String KEY = "_flashes";

    private Flashes() {}

    /**
     * Appends a message to the session's {@code _flashes} (a modification) and sends
     * {@link Signal#MESSAGE_FLASHED}, as Flask's {@code flash} does.
     */
    public static void flash(ContextImpl ctx, String message, String category) {
        java.util.Objects.requireNonNull(message, "message");
        java.util.Objects.requireNonNull(category, "category");
        Session session = ctx.session();
        List<Object> flashes = new ArrayList<>();
        if (session.get(KEY).orElse(null) instanceof List<?> existing) {
            flashes.addAll(existing);
        }
        flashes.add(Tuple.of(category, message));
        session.put(KEY, flashes);
        ctx.appImpl().signals().send(Signal.MESSAGE_FLASHED, new Signal.FlashEvent(ctx, message, category));
    }

    /**
     * Returns the flashed messages: on the first call in a context they are removed from the
     * session and kept on the context, so later calls in the same request see the same list
     * (Flask's {@code get_flashed_messages}). Entries that are not a pair of strings, which a
     * foreign service may have written, are skipped.
     */
    public static List<Flash> messages(ContextImpl ctx) {
        List<Flash> cached = ctx.flashes();
        if (cached != null) {
            return cached;
        }
        Session session = ctx.session();
        List<Flash> out = new ArrayList<>();
        if (session.contains(KEY)) {
            Object raw = session.remove(KEY).orElse(null);
            if (raw instanceof List<?> entries) {
                for (Object entry : entries) {
                    List<?> pair = entry instanceof Tuple t ? t.items() : entry instanceof List<?> l ? l : null;
                    if (pair != null && pair.size() == 2 && pair.get(0) instanceof CharSequence category
                            && pair.get(1) instanceof CharSequence message) {
                        out.add(new Flash(category.toString(), message.toString()));
                    } else {
                        LoggerFactory.getLogger(CookieSessionInterface.LOGGER).debug("Skipping a flashed message that is"
                                + " not a (category, message) pair: {}", entry);
                    }
                }
            }
        }
        List<Flash> result = List.copyOf(out);
        ctx.flashes(result);
        return result;
    }
}
