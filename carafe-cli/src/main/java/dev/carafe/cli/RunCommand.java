package dev.carafe.cli;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.spi.RunningServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The built-in {@code run}: serves the app until Ctrl-C or SIGTERM (Flask's {@code flask run}).
 *
 * <p>It pushes no app context: the server pushes one per request. The server comes from
 * {@code carafe-jetty} through {@code app.start}, so this module does not depend on it.
 */
@Command(name = "run", description = {
        "Serves the app until Ctrl-C or SIGTERM (the default command).",
        "Needs a server module (carafe-jetty) on the class path."})
final class RunCommand implements Callable<Integer> {
    /** Printed by {@code run --debug} for an app created without DEBUG: the flag cannot change a created app. */
    static final String DEBUG_NOTE = "Note: the app was created with DEBUG off, and an app's configuration cannot"
            + " change once it is created, so --debug only makes this command print stack traces. For the debug"
            + " error page, give the command line an app factory, Cli.of(settings -> createApp(settings)), which"
            + " --debug turns DEBUG on for, or create the app with Config.DEBUG set to true.";

    @Spec
    CommandSpec spec;

    @ParentCommand
    RootCommand root;

    @Option(names = "--host", paramLabel = "HOST",
            description = "The address to bind. Default: ${DEFAULT-VALUE} (SERVER_HOST).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT",
            description = "The port to bind; 0 picks a free one. Default: ${DEFAULT-VALUE} (SERVER_PORT).")
    int port;

    private final Carafe app;

    RunCommand(Carafe app) {
        this.app = app;
        // Initial values are the defaults picocli shows in --help.
        this.host = configuredHost(app);
        this.port = configuredPort(app);
    }

    static String configuredHost(Carafe app) {
        return app.config().get(Config.SERVER_HOST);
    }

    static int configuredPort(Carafe app) {
        return app.config().get(Config.SERVER_PORT);
    }

    @Override
    public Integer call() {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "port must be between 0 and 65535, was " + port);
        }
        return serve(app, host, port, root.debug, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /**
     * Starts the server, prints its URL, and blocks until it stops: a JVM shutdown (Ctrl-C,
     * SIGTERM) or an interrupt of this thread stops it gracefully.
     */
    static int serve(Carafe app, String host, int port, boolean debug, PrintWriter out, PrintWriter err) {
        if (debug && !app.config().debug()) {
            err.println(DEBUG_NOTE);
            err.flush();
        }
        RunningServer server = app.start(host, port);
        // The server adapter may stop itself on SIGTERM too; close() is idempotent, so both can run.
        Thread stop = Thread.ofPlatform().name("carafe-cli-shutdown").unstarted(server::close);
        Runtime.getRuntime().addShutdownHook(stop);
        // Flask's words; scripts and tests started with --port 0 read the real port from this line.
        out.println(" * Running on " + server.url());
        out.flush();
        try {
            server.join();
        } catch (InterruptedException e) {
            // Interrupting the thread that serves is how code that embeds the CLI asks it to stop.
            server.close();
            Thread.currentThread().interrupt();
        } finally {
            removeHook(stop);
        }
        return 0;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already stopping, and the hook is what stopped the server.
        }
    }
}
