package dev.carafe.internal;

import dev.carafe.Handler;
import dev.carafe.Route;

/**
 * A registered route with what dispatch needs: its scope (for hooks) and its handler.
 *
 * @param route   the public description
 * @param scope   the app or group that registered it
 * @param handler the view
 */
public record RouteEntry(Route route, Scope scope, Handler handler) {}
