package dev.carafe.servlet;

import dev.carafe.Carafe;
import dev.carafe.contract.LifecycleOrderContract;
import dev.carafe.testing.TestRequest;
import dev.carafe.testsupport.Http;
import org.junit.jupiter.api.AfterAll;

/** The lifecycle-order contract, served by CarafeServlet inside a real servlet container over a real socket. */
class ServletLifecycleOrderTest extends LifecycleOrderContract {
    private static final Http HTTP = new Http();

    @AfterAll
    static void closeClient() {
        HTTP.close();
    }

    @Override
    protected Sent send(Carafe app, TestRequest request) throws Exception {
        try (Container container = Container.deploy(app)) {
            var response = HTTP.send(container, request);
            return new Sent(response.statusCode(), response.body());
        }
    }
}
