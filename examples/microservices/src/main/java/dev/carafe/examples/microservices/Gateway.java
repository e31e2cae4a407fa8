package dev.carafe.examples.microservices;

import static dev.carafe.Globals.request;

import com.fasterxml.jackson.databind.JsonNode;
import dev.carafe.Background;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.correlation.Correlation;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The gateway: the only service the outside world calls. A checkout asks the orders service
 * (which asks the inventory) and, at the same time, the inventory for gift wrap.
 */
public final class Gateway {
    private Gateway() {}

    /** What a checkout answers. */
    public record Checkout(String correlationId, JsonNode order, JsonNode giftWrap) {}

    /** Returns the gateway app; it calls {@link Services#ORDERS_URL} and {@link Services#INVENTORY_URL}. */
    public static Carafe create(Config config) {
        Carafe app = Carafe.create("gateway", config);
        Correlation.install(app);
        String orders = config.get(Services.ORDERS_URL);
        String inventory = config.get(Services.INVENTORY_URL);
        app.get("/checkout/<int:order>", () -> {
            int order = request().pathParam("order", Integer.class);
            app.logger().info("checkout of order {}", order);
            // Both calls run on other threads, in copies of this request's context: same id.
            CompletableFuture<JsonNode> orderCall = Background.supplyAsync(() -> {
                app.logger().info("asking the orders service");
                return Downstream.get(orders, "/orders/" + order);
            });
            CompletableFuture<JsonNode> wrapCall = Background.supplyAsync(() -> {
                app.logger().info("asking the inventory for gift wrap");
                return Downstream.get(inventory, "/stock/gift-wrap");
            });
            Checkout checkout = new Checkout(Correlation.current(), await(orderCall), await(wrapCall));
            app.logger().info("checkout of order {} ready", order);
            return checkout;
        });
        app.teardownRequest(outcome -> app.logger().info("gateway request done"));
        return app;
    }

    /** Returns the result of {@code call}, throwing its own failure (such as a 502) rather than a wrapper. */
    private static <T> T await(CompletableFuture<T> call) {
        try {
            return call.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** Serves the gateway on port 5000 (or {@code CARAFE_SERVER_PORT}). */
    public static void main(String[] args) {
        create(Services.config(5000)).run();
    }
}
