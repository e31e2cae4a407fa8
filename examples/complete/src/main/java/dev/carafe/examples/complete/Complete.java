package dev.carafe.examples.complete;

import static dev.carafe.Globals.afterThisRequest;
import static dev.carafe.Globals.currentApp;
import static dev.carafe.Globals.flash;
import static dev.carafe.Globals.g;
import static dev.carafe.Globals.hasRequestContext;
import static dev.carafe.Globals.redirect;
import static dev.carafe.Globals.request;
import static dev.carafe.Globals.session;
import static dev.carafe.Globals.urlFor;
import static dev.carafe.templates.Templates.render;

import dev.carafe.Carafe;
import dev.carafe.CarafeException;
import dev.carafe.Config;
import dev.carafe.ConfigKey;
import dev.carafe.Key;
import dev.carafe.cli.Cli;
import dev.carafe.templates.Templates;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

/**
 * The seeds' complete example, in Carafe: a SQLite database opened lazily per context through
 * {@code g} and closed when the context ends, a before-request function that logs the method and
 * path, an after-this-request function that sets {@code X-Request-ID}, and the session visit
 * counter, shown by a template ({@code templates/index.html}) with a message flashed when the
 * counter is reset.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples/complete -am test-compile exec:java}. The
 * environment configures it: {@code CARAFE_SECRET_KEY}, {@code CARAFE_DATABASE} (the SQLite
 * file, {@code database.db} by default), {@code CARAFE_SERVER_PORT}.
 */
public final class Complete {
    /** The SQLite file: the seeds' {@code database.db}. */
    public static final ConfigKey<String> DATABASE = ConfigKey.string("DATABASE", "database.db");

    /** The current context's connection, the seeds' {@code g.db}. */
    static final Key<Connection> DB = Key.of("db", Connection.class);
    /** The number of visits, kept in the signed session cookie. */
    static final Key<Integer> VISITS = Key.of("visits", Integer.class);

    private Complete() {}

    /** Returns the app with {@code config}, which must hold a {@code SECRET_KEY} for the session. */
    public static Carafe create(Config config) {
        Carafe app = Carafe.create("complete", config);
        Templates.install(app);   // src/main/resources/templates

        app.beforeRequest(() -> {
            if (hasRequestContext()) {
                app.logger().info("{} {}", request().method(), request().path());
            }
        });

        app.get("/", () -> {
            // A proxy's id is kept, so one id follows the request through every log; else a new one.
            String requestId = request().headers().get("X-Request-ID").orElseGet(() -> UUID.randomUUID().toString());
            afterThisRequest(response -> response.header("X-Request-ID", requestId));

            int visits = session().get(VISITS, 0) + 1;
            session().set(VISITS, visits);
            recordHit(request().path());
            return render("index.html", Map.of("visits", visits));
        });

        app.post("/reset", "reset", () -> {
            session().set(VISITS, 0);
            flash("The visit counter was reset.");
            return redirect(urlFor("/"));
        });

        app.get("/hits", () -> "Pages served so far: " + countHits());
        return app;
    }

    /**
     * Returns the current context's database connection, opening it on first use: the seeds'
     * {@code get_db()}. {@code g().resource} also does their {@code close_db()}: the connection
     * is closed when the context (a request's, or an app context) ends.
     */
    static Connection db() {
        return g().resource(DB, () -> open(currentApp().config().get(DATABASE)));
    }

    /** Opens {@code file} and creates the schema if it is missing. */
    static Connection open(String file) {
        try {
            Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            initDb(connection);
            return connection;
        } catch (SQLException e) {
            throw new CarafeException("Cannot open the SQLite database " + file + ": " + e.getMessage()
                    + ". Check that its folder exists and is writable, or set CARAFE_DATABASE to another file.", e);
        }
    }

    /** Creates the tables the app uses, unless they exist. */
    public static void initDb(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS hits (id INTEGER PRIMARY KEY AUTOINCREMENT, path TEXT NOT NULL,"
                    + " at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP)");
        }
    }

    private static void recordHit(String path) throws SQLException {
        try (PreparedStatement insert = db().prepareStatement("INSERT INTO hits (path) VALUES (?)")) {
            insert.setString(1, path);
            insert.executeUpdate();
        }
    }

    private static long countHits() throws SQLException {
        try (Statement s = db().createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM hits")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Returns the app's command line: the built-in {@code run} and {@code routes}, and the seeds'
     * {@code init-db}, which runs inside an app context, so {@link #db()} works as in a request.
     */
    public static Cli cli(Carafe app) {
        return withCommands(Cli.of(app));
    }

    private static Cli withCommands(Cli cli) {
        return cli.command("init-db", "Initialize the database.", out -> {
            initDb(db());   // the connection is closed when the command's app context ends
            out.println("Initialized the database.");
        });
    }

    /**
     * Creates the app from the environment ({@code CARAFE_...}) and then the command line's
     * settings, which win: {@code run --debug} turns debug mode on.
     */
    static Carafe fromEnvironment(Config settings) {
        return create(Config.builder()
                .declare(DATABASE)
                // The seeds' app.secret_key = 'secret': good for trying it out only. Set CARAFE_SECRET_KEY for real use.
                .set(Config.SECRET_KEY, "dev secret, set CARAFE_SECRET_KEY")
                .loadEnv("CARAFE_")
                .setAll(settings)
                .build());
    }

    /**
     * Runs a command: {@code init-db}, {@code routes}, or {@code run} (the default), which serves
     * the app on 127.0.0.1:5000 (or the configured address) until Ctrl-C or SIGTERM.
     */
    public static void main(String[] args) {
        withCommands(Cli.of(Complete::fromEnvironment)).main(args);
    }
}
