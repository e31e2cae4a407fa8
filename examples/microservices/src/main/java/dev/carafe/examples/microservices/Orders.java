package dev.carafe.examples.microservices;

import static dev.carafe.Globals.abort;
import static dev.carafe.Globals.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.correlation.Correlation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The orders service: an order's lines, with the stock of each item from the inventory service. */
public final class Orders {
    private static final Map<Integer, Map<String, Integer>> ORDERS = Map.of(
            1, Map.of("tea", 2),
            2, Map.of("tea", 1, "cups", 2),
            3, Map.of("kettle", 1, "cups", 6));

    private Orders() {}

    /** One line of an order, with what the inventory has. */
    public record Line(String sku, int quantity, int available) {}

    /** An order. */
    public record Order(int id, List<Line> lines) {}

    /** Returns the orders app; it calls the inventory at {@link Services#INVENTORY_URL}. */
    public static Carafe create(Config config) {
        Carafe app = Carafe.create("orders", config);
        Correlation.install(app);
        String inventory = config.get(Services.INVENTORY_URL);
        app.get("/orders/<int:id>", () -> {
            int id = request().pathParam("id", Integer.class);
            Map<String, Integer> items = ORDERS.get(id);
            if (items == null) {
                throw abort(404, "no order " + id);
            }
            app.logger().info("loading order {} ({})", id, items.size() == 1 ? "1 item" : items.size() + " items");
            List<Line> lines = new ArrayList<>();
            for (var item : items.entrySet().stream().sorted(Map.Entry.comparingByKey()).toList()) {
                JsonNode stock = Downstream.get(inventory, "/stock/" + item.getKey());
                lines.add(new Line(item.getKey(), item.getValue(), stock.get("available").asInt()));
            }
            app.logger().info("order {} loaded", id);
            return new Order(id, lines);
        });
        app.teardownRequest(outcome -> app.logger().info("orders request done"));
        return app;
    }

    /** Serves the orders on port 5001 (or {@code CARAFE_SERVER_PORT}). */
    public static void main(String[] args) {
        create(Services.config(5001)).run();
    }
}
