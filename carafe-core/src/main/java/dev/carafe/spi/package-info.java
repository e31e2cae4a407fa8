/**
 * Extension points: server adapters ({@link dev.carafe.spi.ServerExchange},
 * {@link dev.carafe.spi.ResponseBodyStream}, {@link dev.carafe.spi.Dispatch},
 * {@link dev.carafe.spi.ServerFactory}) and session stores
 * ({@link dev.carafe.spi.SessionInterface}, built with {@link dev.carafe.spi.Sessions}).
 */
package dev.carafe.spi;
