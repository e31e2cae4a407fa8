package dev.carafe.jetty;

import dev.carafe.Carafe;
import dev.carafe.contract.LifecycleOrderContract;
import dev.carafe.spi.RunningServer;
import dev.carafe.testing.TestRequest;
import dev.carafe.testsupport.Http;
import org.junit.jupiter.api.AfterAll;

/** The lifecycle-order contract, served by Jetty over a real socket. */
class JettyLifecycleOrderTest extends LifecycleOrderContract {
    private static final Http HTTP = new Http();

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    @Override
    protected Sent send(Carafe app, TestRequest request) throws Exception {
        try (RunningServer server = app.start("127.0.0.1", 0)) {
            var response = HTTP.send(server, request);
            return new Sent(response.statusCode(), response.body());
        }
    }
}
