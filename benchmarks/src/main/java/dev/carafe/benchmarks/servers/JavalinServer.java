package dev.carafe.benchmarks.servers;

import io.javalin.Javalin;

/**
 * Javalin 7 with virtual threads ({@code config.concurrency.useVirtualThreads}), answering the
 * same scenarios as the others (see {@link Payloads}).
 * <pre>java -cp benchmarks.jar dev.carafe.benchmarks.servers.JavalinServer PORT</pre>
 */
public final class JavalinServer {
    private JavalinServer() {}

    /** Starts Javalin on 127.0.0.1:PORT and blocks. */
    public static void main(String[] args) {
        int port = Payloads.port(args, "JavalinServer PORT");
        Javalin app = Javalin.create(config -> {
            config.concurrency.useVirtualThreads = true;
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.get("/plaintext", ctx -> ctx.result(Payloads.HELLO));
            config.routes.get("/json", ctx -> ctx.json(Payloads.message()));
            config.routes.get("/users/{id}", ctx -> ctx.result(Payloads.userText(
                    Integer.parseInt(ctx.pathParam("id")), String.valueOf(ctx.queryParam("q")))));
            config.routes.get("/slow", ctx -> ctx.result(Payloads.slow(Long.parseLong(ctx.queryParam("ms")))));
            config.routes.get("/_heap", ctx -> ctx.contentType("application/json")
                    .result(Payloads.heapJson("1".equals(ctx.queryParam("gc")))));
        }).start("127.0.0.1", port);
        Payloads.ready("javalin", app.port());
    }
}
