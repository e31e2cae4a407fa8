/**
 * Deploys a Carafe app into a Jakarta Servlet 6 container: {@link dev.carafe.servlet.CarafeServlet}.
 */
module dev.carafe.servlet {
    requires transitive dev.carafe.core;
    requires transitive jakarta.servlet;

    exports dev.carafe.servlet;
}
