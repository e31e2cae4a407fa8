/**
 * The Jetty 12 server adapter: {@link dev.carafe.jetty.JettyServerFactory} starts a
 * {@link dev.carafe.jetty.JettyServer} whose {@link dev.carafe.jetty.CarafeHandler} turns each
 * Jetty request into a {@link dev.carafe.spi.ServerExchange} and runs it through the app's
 * lifecycle on a virtual thread.
 *
 * <p>Jetty itself answers what never reaches the app: malformed requests (400), request lines
 * that are too long (414), header blocks that are too large (431), all through
 * {@link dev.carafe.jetty.ErrorPages}; and files under {@code /static}
 * ({@link dev.carafe.jetty.StaticFiles}).
 */
package dev.carafe.jetty;
