package dev.carafe.examples.complete;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Signal;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example's command line, run in process: the seeds' init-db inside an app context. */
class CompleteCliTest {
    @TempDir
    Path dir;

    private final List<Connection> connectionsAtPop = new CopyOnWriteArrayList<>();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Path database, String... args) {
        Carafe app = Complete.create(Config.builder().declare(Complete.DATABASE)
                .set(Config.SECRET_KEY, "test secret")
                .set(Complete.DATABASE, database.toString())
                .build());
        app.connect(Signal.APPCONTEXT_POPPED, e -> e.context().g().get(Complete.DB).ifPresent(connectionsAtPop::add));
        return Complete.cli(app).run(new PrintWriter(out), new PrintWriter(err), args);
    }

    @Test
    void initDbCreatesTheSchemaAndClosesItsConnectionWhenTheCommandEnds() throws Exception {
        Path database = dir.resolve("database.db");

        int status = run(database, "init-db");

        assertThat(status).isZero();
        assertThat(out.toString()).isEqualTo("Initialized the database.\n");
        assertThat(err.toString()).isEmpty();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
                ResultSet tables = c.getMetaData().getTables(null, null, "hits", null)) {
            assertThat(tables.next()).as("the hits table exists").isTrue();
        }
        assertThat(connectionsAtPop).hasSize(1);
        assertThat(connectionsAtPop.getFirst().isClosed()).as("closed by the app context's teardown").isTrue();
    }

    @Test
    void initDbOnAFolderThatDoesNotExistExitsWith1AndSaysWhatToCheck() {
        Path database = dir.resolve("missing-folder").resolve("database.db");

        int status = run(database, "init-db");

        assertThat(status).isEqualTo(1);
        assertThat(err.toString())
                .startsWith("Error: init-db failed: Cannot open the SQLite database " + database + ": ")
                .contains("Check that its folder exists and is writable, or set CARAFE_DATABASE to another file.")
                .endsWith("Run it again with --debug to see the stack trace.\n");
    }

    @Test
    void helpListsInitDbWithTheBuiltInCommands() {
        int status = run(dir.resolve("database.db"), "--help");

        assertThat(status).isZero();
        assertThat(out.toString()).startsWith("Usage: complete [-hV] [--debug] [COMMAND]\n").contains("""
                Commands:
                  init-db  Initialize the database.
                  routes   Shows the app's routes: endpoint, methods and rule.
                  run      Serves the app until Ctrl-C or SIGTERM (the default command).
                """);
    }
}
