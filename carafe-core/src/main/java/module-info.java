/**
 * Carafe's core: the app, routing, contexts, the lifecycle, sessions and the in-memory test client.
 *
 * <p>Exports the public API ({@code dev.carafe}), the extension and server points
 * ({@code dev.carafe.spi}) and the test client ({@code dev.carafe.testing}). The implementation
 * in {@code dev.carafe.internal} is not exported.
 */
module dev.carafe.core {
    requires transitive org.slf4j;
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;

    exports dev.carafe;
    exports dev.carafe.spi;
    exports dev.carafe.testing;

    uses dev.carafe.spi.ServerFactory;
}
