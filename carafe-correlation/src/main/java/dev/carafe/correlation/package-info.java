/**
 * Correlation ids: one id that ties together every log line one outside request caused, in
 * every service it touched.
 *
 * <p>Start with {@link dev.carafe.correlation.Correlation#install}; outgoing calls made with
 * {@link dev.carafe.correlation.CorrelatedHttpClient} pass the id on. The id of a request is a
 * {@link dev.carafe.UserContext} of type {@link dev.carafe.correlation.CorrelationId}, so the
 * request and its copies for background work share it. See {@code docs/correlation.md}.
 */
package dev.carafe.correlation;
