/**
 * The servers the load harness ({@code benchmarks/load/run.sh}) compares: raw Jetty on virtual
 * threads and non-blocking, Javalin, and Carafe, each answering the same scenarios
 * ({@link dev.carafe.benchmarks.servers.Payloads}). Flask's twin is {@code benchmarks/load/flask_app.py}.
 */
package dev.carafe.benchmarks.servers;
