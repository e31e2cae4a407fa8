/**
 * The implementation. Not exported: application code must not depend on it.
 */
package dev.carafe.internal;
