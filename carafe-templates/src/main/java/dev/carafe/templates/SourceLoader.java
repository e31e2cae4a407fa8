package dev.carafe.templates;

import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.utils.PathUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pebble's loader over a {@link TemplateSource}: finds a template by name, refuses names that
 * leave the source, and remembers when each loaded file was last modified, so that debug mode
 * can tell that one changed. Pebble's own file and class-path loaders do neither, and cannot
 * read a named module's resources.
 */
final class SourceLoader implements Loader<String> {
    /** A loaded template: its text, where it came from, and its file's modification time (absent for jars and modules). */
    record Loaded(String text, String location, Optional<Path> file, long modified) {}

    private final TemplateSource source;
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();

    SourceLoader(TemplateSource source) {
        this.source = source;
    }

    TemplateSource source() {
        return source;
    }

    @Override
    public Reader getReader(String name) {
        Loaded t = find(name).orElseThrow(() -> new NotFound(name, where(name)));
        loaded.put(name, t);
        return new InputStreamReader(new ByteArrayInputStream(t.text().getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    /** Returns the text of a template loaded before, if any: for locating errors. */
    Optional<String> textOf(String name) {
        Loaded t = loaded.get(name);
        return t == null ? Optional.empty() : Optional.of(t.text());
    }

    /** Returns the names of the templates loaded since the last {@link #forget()}. */
    Set<String> loadedNames() {
        return loaded.keySet();
    }

    /** Returns whether a loaded template's file changed or disappeared since it was read. */
    boolean changed() {
        for (Loaded t : loaded.values()) {
            if (t.file().isPresent() && modified(t.file().get()) != t.modified()) {
                return true;
            }
        }
        return false;
    }

    /** Forgets what was loaded, after the compiled templates were dropped. */
    void forget() {
        loaded.clear();
    }

    @Override
    public boolean resourceExists(String name) {
        return find(name).isPresent();
    }

    @Override
    public String createCacheKey(String name) {
        return name;
    }

    @Override
    public String resolveRelativePath(String relativePath, String anchorPath) {
        return PathUtils.resolveRelativePath(relativePath, anchorPath, '/');
    }

    // Names are complete and UTF-8 is fixed: Pebble's prefix, suffix and charset settings do not apply.
    @Override public void setCharset(String charset) { }
    @Override public void setPrefix(String prefix) { }
    @Override public void setSuffix(String suffix) { }

    /** Returns where {@code name} would be, for messages. */
    String where(String name) {
        return switch (source) {
            case TemplateSource.Classpath c -> c.describe() + name;
            case TemplateSource.Directory d -> d.path().resolve(name).toString();
        };
    }

    private Optional<Loaded> find(String rawName) {
        Optional<String> name = normalize(rawName);
        if (name.isEmpty()) {
            return Optional.empty();
        }
        return switch (source) {
            case TemplateSource.Directory d -> fromDirectory(d.path(), name.get());
            case TemplateSource.Classpath c -> fromClasspath(c, name.get());
        };
    }

    private static Optional<Loaded> fromDirectory(Path root, String name) {
        Path file = root.resolve(name).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            long modified = modified(file);
            return Optional.of(new Loaded(Files.readString(file, StandardCharsets.UTF_8), file.toString(), Optional.of(file), modified));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + file, e);
        }
    }

    private static Optional<Loaded> fromClasspath(TemplateSource.Classpath c, String name) {
        String resource = c.folder().isEmpty() ? name : c.folder() + "/" + name;
        ClassLoader loader = c.module().getClassLoader();
        URL url = loader != null ? loader.getResource(resource) : ClassLoader.getSystemResource(resource);
        if (url == null && Thread.currentThread().getContextClassLoader() != null) {
            url = Thread.currentThread().getContextClassLoader().getResource(resource);
        }
        try {
            if (url != null) {
                Optional<Path> file = fileOf(url);
                long modified = file.map(SourceLoader::modified).orElse(-1L);
                try (InputStream in = url.openStream()) {
                    return Optional.of(new Loaded(new String(in.readAllBytes(), StandardCharsets.UTF_8), url.toString(), file, modified));
                }
            }
            // A named module's resources in a package directory are encapsulated from class loaders.
            if (c.module().isNamed()) {
                try (InputStream in = c.module().getResourceAsStream(resource)) {
                    if (in != null) {
                        return Optional.of(new Loaded(new String(in.readAllBytes(), StandardCharsets.UTF_8),
                                "module " + c.module().getName() + "/" + resource, Optional.empty(), -1));
                    }
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read template " + resource, e);
        }
    }

    private static Optional<Path> fileOf(URL url) {
        if (!"file".equals(url.getProtocol())) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(url.toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return -2; // gone: differs from any time recorded at load
        }
    }

    /** Returns the name with {@code .} and {@code ..} resolved, or nothing when it leaves the source or is absolute. */
    static Optional<String> normalize(String name) {
        if (name == null || name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.indexOf('\0') >= 0) {
            return Optional.empty();
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : name.split("/", -1)) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return Optional.empty();
                }
                parts.removeLast();
            } else {
                parts.addLast(part);
            }
        }
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("/", parts));
    }

    /** Thrown for a template that is not in the source. */
    static final class NotFound extends LoaderException {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String where;

        NotFound(String name, String where) {
            super(null, "Template \"" + name + "\" not found: there is no " + where + ".");
            this.name = name;
            this.where = where;
        }

        String name() {
            return name;
        }

        String where() {
            return where;
        }
    }
}
