package dev.carafe.examples.microservices;

import dev.carafe.Config;
import dev.carafe.ConfigKey;

/** The settings the three services share: where each one is. */
public final class Services {
    /** Where the orders service is. */
    public static final ConfigKey<String> ORDERS_URL = ConfigKey.string("ORDERS_URL", "http://127.0.0.1:5001");
    /** Where the inventory service is. */
    public static final ConfigKey<String> INVENTORY_URL = ConfigKey.string("INVENTORY_URL", "http://127.0.0.1:5002");

    private Services() {}

    /** Returns the configuration for a service on {@code port}; {@code CARAFE_*} environment variables win. */
    static Config config(int port) {
        return Config.builder()
                .declare(ORDERS_URL, INVENTORY_URL)
                .set(Config.SERVER_PORT, port)
                .loadEnv("CARAFE_")
                .build();
    }
}
