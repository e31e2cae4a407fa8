/**
 * Correlation ids for Carafe apps: one id per outside request, taken from the incoming headers
 * or made up, echoed in the response, in SLF4J's MDC for every log line of the request, and
 * passed on by the JDK's {@code HttpClient}. See {@link dev.carafe.correlation.Correlation}.
 */
module dev.carafe.correlation {
    requires transitive dev.carafe.core;
    requires transitive java.net.http;

    exports dev.carafe.correlation;
}
