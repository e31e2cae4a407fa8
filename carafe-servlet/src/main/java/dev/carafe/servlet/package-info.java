/**
 * The servlet adapter: {@link dev.carafe.servlet.CarafeServlet} serves a Carafe app from any
 * Jakarta Servlet 6 container, through the same lifecycle as {@code carafe-jetty} and the test
 * client.
 */
package dev.carafe.servlet;
