/**
 * Helpers for tests of Carafe's modules, shared through carafe-core's test jar: an HTTP client
 * set up for tests ({@link dev.carafe.testsupport.Http}), hand-written HTTP over a socket
 * ({@link dev.carafe.testsupport.RawHttp}), and Logback captures of what was logged
 * ({@link dev.carafe.testsupport.LogCapture} for one logger, {@link dev.carafe.testsupport.CapturedLogs}
 * for every line with its MDC).
 *
 * <p>Not part of Carafe's API: carafe-core's module does not export this package.
 */
package dev.carafe.testsupport;
