package dev.carafe;

/**
 * A group of routes with a URL prefix and hooks of its own: Flask's blueprint.
 *
 * <p>Its before-request functions run after the app's (outer groups first); its after-request
 * and teardown-request functions run before the app's (inner groups first). Its error handlers
 * are tried before the app's for errors raised in its routes. Groups nest:
 * <pre>{@code
 * Group admin = app.group("admin", "/admin");
 * admin.beforeRequest(() -> requireAdmin());
 * admin.get("/users", "users", () -> listUsers());   // endpoint "admin.users"
 * }</pre>
 */
public sealed interface Group extends Routes permits dev.carafe.internal.GroupImpl {

    /** Returns the dotted name, e.g. {@code admin.users}. */
    String name();

    /** Returns the full URL prefix, e.g. {@code /admin/users}. */
    String urlPrefix();
}
