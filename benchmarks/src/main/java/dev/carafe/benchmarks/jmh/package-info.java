/**
 * JMH benchmarks of Carafe's context model, with the JDK's and OpenTelemetry's ways of making
 * a value current as baselines in the same run. They use only Carafe's exported packages.
 * Run them with {@code java -jar benchmarks/target/benchmarks.jar} (see {@code docs/benchmarks.md}).
 */
package dev.carafe.benchmarks.jmh;
