package dev.carafe.cli;

import dev.carafe.Carafe;
import dev.carafe.Route;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** The built-in {@code routes}: the app's route table, as Flask's {@code flask routes} prints it. */
@Command(name = "routes", description = "Shows the app's routes: endpoint, methods and rule.")
final class RoutesCommand implements Callable<Integer> {
    /** How the table is sorted. */
    enum Sort { ENDPOINT, METHODS, RULE }

    private static final Set<String> AUTOMATIC = Set.of("HEAD", "OPTIONS");

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--sort"}, paramLabel = "KEY",
            description = "Sort by endpoint (the default), methods or rule.")
    Sort sort = Sort.ENDPOINT;

    @Option(names = "--all-methods", description = "Show HEAD and OPTIONS too.")
    boolean allMethods;

    private final Carafe app;

    RoutesCommand(Carafe app) {
        this.app = app;
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(table(app.routes(), sort, allMethods));
        return 0;
    }

    /**
     * Returns the table: a header, a dashed rule, then one line per route, columns two spaces
     * apart and trailing spaces trimmed; "No routes were registered." when there are none.
     */
    static String table(List<Route> routes, Sort sort, boolean allMethods) {
        if (routes.isEmpty()) {
            return "No routes were registered.\n";
        }
        List<String[]> rows = new ArrayList<>();
        List<Route> sorted = new ArrayList<>(routes);
        sorted.sort(switch (sort) {
            case ENDPOINT -> Comparator.comparing(Route::endpoint);
            case METHODS -> Comparator.comparing(r -> String.join(",", methods(r, allMethods)));
            case RULE -> Comparator.comparing(Route::rule);
        });
        for (Route r : sorted) {
            rows.add(new String[] {r.endpoint(), String.join(", ", methods(r, allMethods)), r.rule()});
        }
        String[] header = {"Endpoint", "Methods", "Rule"};
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, widths);
        line(sb, new String[] {"-".repeat(widths[0]), "-".repeat(widths[1]), "-".repeat(widths[2])}, widths);
        rows.forEach(row -> line(sb, row, widths));
        return sb.toString();
    }

    /**
     * The route's methods, sorted; the automatic HEAD (where GET is answered) and OPTIONS only
     * when asked for, as Flask shows them.
     */
    private static List<String> methods(Route route, boolean all) {
        if (!all) {
            return route.methods().stream().filter(m -> !AUTOMATIC.contains(m)).sorted().toList();
        }
        Set<String> methods = new TreeSet<>(route.methods());
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS");
        return List.copyOf(methods);
    }

    private static void line(StringBuilder sb, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                line.append("  ");
            }
            line.append(cells[i]).append(" ".repeat(widths[i] - cells[i].length()));
        }
        sb.append(line.toString().stripTrailing()).append('\n');
    }
}
