/**
 * The module {@code PublicApiTest} is compiled into. It has no code of its own: it only says
 * that the test may read {@code dev.carafe.core}, which exports {@code dev.carafe},
 * {@code dev.carafe.spi} and {@code dev.carafe.testing}. Using {@code dev.carafe.internal} (or any
 * other package the core does not export) from the test is therefore a compile error, which is
 * the point: an API break shows up here first.
 */
module dev.carafe.apitest {
    requires dev.carafe.core;
}
