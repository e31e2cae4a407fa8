/**
 * Testing without a server: {@link dev.carafe.testing.TestClient} sends requests in memory
 * through the full lifecycle; {@link dev.carafe.testing.TestRequest} describes them.
 */
package dev.carafe.testing;
