package dev.carafe.examples.hello;

import static dev.carafe.Globals.request;

import dev.carafe.Carafe;
import dev.carafe.Config;

/**
 * The seeds' first app: {@code "Hello, World!"} at {@code /} and Flask's {@code /search?q=}.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples/hello -am test-compile exec:java}, then open
 * http://127.0.0.1:5000/. {@code CARAFE_SERVER_PORT=8080} (or any {@code CARAFE_} key of
 * {@link Config}) in the environment changes the configuration.
 */
public final class Hello {
    private Hello() {}

    /** Returns the app with {@code config}; tests start it on a free port. */
    public static Carafe create(Config config) {
        Carafe app = Carafe.create("hello", config);
        app.get("/", () -> "Hello, World!");
        // Flask's seed returns the query as HTML unescaped; escaping it keeps <script> in q from running.
        app.get("/search", () -> "Searching for: " + escape(request().args().get("q", "")));
        return app;
    }

    /** Serves the app on 127.0.0.1:5000 (or the configured address) until Ctrl-C or SIGTERM. */
    public static void main(String[] args) {
        create(Config.builder().loadEnv("CARAFE_").build()).run();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;");
    }
}
