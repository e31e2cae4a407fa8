package dev.carafe;

import dev.carafe.contract.LifecycleOrderContract;
import dev.carafe.testing.TestRequest;
import dev.carafe.testing.TestResponse;

/** The lifecycle-order contract, served by the in-memory test client. */
class LifecycleOrderTest extends LifecycleOrderContract {
    @Override
    protected Sent send(Carafe app, TestRequest request) {
        TestResponse r = app.testClient().send(request);
        return new Sent(r.status(), r.text());
    }
}
