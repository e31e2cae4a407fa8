package dev.carafe.examples.microservices;

import static dev.carafe.Globals.abort;
import static dev.carafe.Globals.request;

import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.correlation.Correlation;
import java.util.Map;

/** The inventory service: how many of each item are in stock. Calls nobody. */
public final class Inventory {
    private static final Map<String, Integer> STOCK = Map.of("tea", 12, "cups", 4, "kettle", 0, "gift-wrap", 30);

    private Inventory() {}

    /** A stock level. */
    public record Stock(String sku, int available) {}

    /** Returns the inventory app. */
    public static Carafe create(Config config) {
        Carafe app = Carafe.create("inventory", config);
        Correlation.install(app);
        app.get("/stock/<sku>", () -> {
            String sku = request().pathParam("sku");
            Integer available = STOCK.get(sku);
            if (available == null) {
                app.logger().info("unknown item {}", sku);
                throw abort(404, "no item " + sku);
            }
            app.logger().info("stock of {}: {}", sku, available);
            return new Stock(sku, available);
        });
        app.teardownRequest(outcome -> app.logger().info("inventory request done"));
        return app;
    }

    /** Serves the inventory on port 5002 (or {@code CARAFE_SERVER_PORT}). */
    public static void main(String[] args) {
        create(Services.config(5002)).run();
    }
}
