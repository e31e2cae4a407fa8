package dev.carafe.jetty;

import dev.carafe.CarafeException;
import dev.carafe.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ResourceHandler;
import org.eclipse.jetty.util.resource.Resource;
import org.eclipse.jetty.util.resource.ResourceFactory;

/**
 * Serves files under {@code STATIC_URL_PATH} ({@code /static}) from {@code STATIC_FOLDER}, with
 * Jetty's {@link ResourceHandler}.
 *
 * <p>Why Jetty's and not a route in the core: conditional requests ({@code ETag},
 * {@code Last-Modified}, {@code If-None-Match}, {@code If-Modified-Since}), byte ranges
 * ({@code Range}, {@code If-Range}, multipart ranges), content types and refusing paths that leave
 * the folder (including through symbolic links) are subtle, and Jetty's implementation is
 * well kept and fast (memory-mapped, zero-copy). The cost: static files do not go through the
 * app's hooks, like behind a production web server, and only {@code carafe-jetty} serves them.
 * A file that does not exist falls through to the app, so its 404 handler answers.
 */
final class StaticFiles {
    private static final String CLASSPATH = "classpath:";

    private StaticFiles() {}

    /** Returns the handler for static files, or empty when none are configured or found. */
    static Optional<Handler> handler(Config config, Server server) {
        String urlPath = config.get(Config.STATIC_URL_PATH).trim();
        if (urlPath.isEmpty()) {
            return Optional.empty();
        }
        if (!urlPath.startsWith("/") || urlPath.equals("/")) {
            throw new CarafeException("Configuration key STATIC_URL_PATH must be a path such as /static, was \""
                    + urlPath + "\". Set it to an empty value to serve no static files.");
        }
        Optional<Resource> folder = folder(config, server);
        if (folder.isEmpty()) {
            return Optional.empty();
        }
        ResourceHandler files = new ResourceHandler();
        files.setBaseResource(folder.get());
        files.setDirAllowed(false);
        files.setWelcomeFiles(List.of());
        files.setEtags(true);
        files.setAcceptRanges(true);
        String contextPath = urlPath.endsWith("/") ? urlPath.substring(0, urlPath.length() - 1) : urlPath;
        ContextHandler context = new ContextHandler(files, contextPath);
        context.setDisplayName("static files");
        return Optional.of(context);
    }

    private static Optional<Resource> folder(Config config, Server server) {
        String folder = config.get(Config.STATIC_FOLDER).trim();
        boolean configured = config.asMap().containsKey(Config.STATIC_FOLDER.name());
        ResourceFactory resources = ResourceFactory.of(server);
        if (folder.startsWith(CLASSPATH)) {
            String name = folder.substring(CLASSPATH.length()).replaceAll("^/+|/+$", "");
            Resource r = name.isEmpty() ? null : resources.newClassLoaderResource(name + "/", false);
            if (r == null || !r.isDirectory()) {
                if (configured) {
                    throw new CarafeException("STATIC_FOLDER is " + folder + ", but no folder '" + name + "' is on the"
                            + " class path. Put the files in src/main/resources/" + name + ", or set STATIC_FOLDER to"
                            + " a directory, or set STATIC_URL_PATH to an empty value to serve no static files.");
                }
                return Optional.empty();
            }
            return Optional.of(r);
        }
        Path dir = Path.of(folder).toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CarafeException("STATIC_FOLDER is " + dir + ", which is not a directory. Create it, point"
                    + " STATIC_FOLDER at the folder holding your static files, or set STATIC_URL_PATH to an empty"
                    + " value to serve no static files.");
        }
        return Optional.of(resources.newResource(dir));
    }
}
