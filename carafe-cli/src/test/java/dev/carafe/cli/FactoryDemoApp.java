package dev.carafe.cli;

import static dev.carafe.Globals.currentApp;

import dev.carafe.Carafe;
import dev.carafe.Config;

/**
 * An app that its command line creates through a factory, so that {@code --debug} reaches the
 * app's configuration; driven in process by {@link CliTest} and as a java process by {@link CliProcessIT}.
 */
public final class FactoryDemoApp {
    private FactoryDemoApp() {}

    /** The factory: its own configuration, then the command line's settings over it. */
    static Carafe createApp(Config settings) {
        Carafe app = Carafe.create("factory-demo", Config.builder()
                .set(Config.SERVER_PORT, 5050)
                .setAll(settings)
                .build());
        app.get("/", () -> "debug " + currentApp().config().debug());
        app.get("/boom", () -> {
            throw new IllegalStateException("boom on purpose");
        });
        return app;
    }

    static Cli cli() {
        return Cli.of(FactoryDemoApp::createApp)
                .command("mode", "Print whether debug mode is on.",
                        out -> out.println("debug: " + currentApp().config().debug()));
    }

    public static void main(String[] args) {
        cli().main(args);
    }
}
