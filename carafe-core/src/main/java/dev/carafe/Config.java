package dev.carafe;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * An app's configuration: immutable, typed, with Flask's keys where they apply.
 *
 * <p>Build it with {@link #builder()}, from code, a properties file or environment variables;
 * an unknown key or a value of the wrong type fails at {@link Builder#build()} with a message
 * naming the key. Apps declare keys of their own with {@link Builder#declare}.
 * <pre>{@code
 * Config config = Config.builder()
 *         .load(Path.of("app.properties"))      // SECRET_KEY=..., DEBUG=true
 *         .loadEnv("CARAFE_")                   // CARAFE_SECRET_KEY=...
 *         .build();
 * }</pre>
 */
public final class Config {
    /** Testing mode: exceptions propagate to the test instead of becoming 500s. */
    public static final ConfigKey<Boolean> TESTING = ConfigKey.bool("TESTING", false);
    /** Debug mode: a 500 shows the stack trace; never enable in production. */
    public static final ConfigKey<Boolean> DEBUG = ConfigKey.bool("DEBUG", false);
    /** Whether unhandled errors propagate to the caller; unset means "when testing". */
    public static final ConfigKey<Boolean> PROPAGATE_EXCEPTIONS = ConfigKey.bool("PROPAGATE_EXCEPTIONS", null);
    /** The key that signs session cookies; no key means sessions can be read (empty) but not written. */
    public static final ConfigKey<String> SECRET_KEY = ConfigKey.string("SECRET_KEY", null);
    /** Older keys that still verify session cookies, newest first; they never sign. */
    public static final ConfigKey<List<String>> SECRET_KEY_FALLBACKS = ConfigKey.list("SECRET_KEY_FALLBACKS");
    /** The session cookie's name. */
    public static final ConfigKey<String> SESSION_COOKIE_NAME = ConfigKey.string("SESSION_COOKIE_NAME", "session");
    /** The session cookie's {@code Domain}; unset means none. */
    public static final ConfigKey<String> SESSION_COOKIE_DOMAIN = ConfigKey.string("SESSION_COOKIE_DOMAIN", null);
    /** The session cookie's {@code Path}; unset means {@link #APPLICATION_ROOT}. */
    public static final ConfigKey<String> SESSION_COOKIE_PATH = ConfigKey.string("SESSION_COOKIE_PATH", null);
    /** The session cookie's {@code HttpOnly}. */
    public static final ConfigKey<Boolean> SESSION_COOKIE_HTTPONLY = ConfigKey.bool("SESSION_COOKIE_HTTPONLY", true);
    /** The session cookie's {@code Secure}. */
    public static final ConfigKey<Boolean> SESSION_COOKIE_SECURE = ConfigKey.bool("SESSION_COOKIE_SECURE", false);
    /** The session cookie's {@code SameSite}: {@code Strict}, {@code Lax} or {@code None}; checked at startup. */
    public static final ConfigKey<String> SESSION_COOKIE_SAMESITE = new ConfigKey<>("SESSION_COOKIE_SAMESITE",
            String.class, Optional.empty(), s -> Cookie.SameSite.parse(s).text());
    /** The session cookie's {@code Partitioned}. */
    public static final ConfigKey<Boolean> SESSION_COOKIE_PARTITIONED = ConfigKey.bool("SESSION_COOKIE_PARTITIONED", false);
    /**
     * Whether the session cookie is encrypted (AES-GCM) instead of only signed, so that the client
     * cannot read it; a Flask service cannot read it either. Same keys and rotation as signing.
     */
    public static final ConfigKey<Boolean> SESSION_COOKIE_ENCRYPTED = ConfigKey.bool("SESSION_COOKIE_ENCRYPTED", false);
    /** Whether a permanent session is re-sent (sliding expiry) on every response. */
    public static final ConfigKey<Boolean> SESSION_REFRESH_EACH_REQUEST = ConfigKey.bool("SESSION_REFRESH_EACH_REQUEST", true);
    /** Lifetime of a permanent session, and the maximum age of any session cookie. */
    public static final ConfigKey<Duration> PERMANENT_SESSION_LIFETIME =
            ConfigKey.duration("PERMANENT_SESSION_LIFETIME", Duration.ofDays(31));
    /** Size above which a cookie is logged as too large for browsers; 0 disables the check. */
    public static final ConfigKey<Integer> MAX_COOKIE_SIZE = ConfigKey.integer("MAX_COOKIE_SIZE", 4093);
    /**
     * Largest request body read, in bytes; larger bodies get a 413. Flask's default is unlimited;
     * Carafe's is 16 MB so that a body read into memory cannot exhaust the heap.
     */
    public static final ConfigKey<Long> MAX_CONTENT_LENGTH = ConfigKey.size("MAX_CONTENT_LENGTH", 16L * 1024 * 1024);
    /** Largest non-file form field, in bytes (Flask's {@code MAX_FORM_MEMORY_SIZE}). */
    public static final ConfigKey<Long> MAX_FORM_MEMORY_SIZE = ConfigKey.size("MAX_FORM_MEMORY_SIZE", 500_000L);
    /** Most parts in a multipart form (Flask's {@code MAX_FORM_PARTS}). */
    public static final ConfigKey<Integer> MAX_FORM_PARTS = ConfigKey.integer("MAX_FORM_PARTS", 1000);
    /** The path the app is mounted at, e.g. {@code /app}. */
    public static final ConfigKey<String> APPLICATION_ROOT = ConfigKey.string("APPLICATION_ROOT", "/");
    /** The host (and port) for URLs built outside a request, e.g. {@code example.com:8080}. */
    public static final ConfigKey<String> SERVER_NAME = ConfigKey.string("SERVER_NAME", null);
    /** The scheme for URLs built outside a request. */
    public static final ConfigKey<String> PREFERRED_URL_SCHEME = ConfigKey.string("PREFERRED_URL_SCHEME", "http");
    /**
     * How many reverse proxies in front of the app to trust for {@code Forwarded} and
     * {@code X-Forwarded-*} headers (Werkzeug's ProxyFix); 0, the default, trusts none.
     */
    public static final ConfigKey<Integer> TRUSTED_PROXIES = ConfigKey.integer("TRUSTED_PROXIES", 0);
    /**
     * Whether the {@link #TRUSTED_PROXIES} also decide the host and port ({@code X-Forwarded-Host},
     * {@code X-Forwarded-Port}, {@code Forwarded: host=}). Off by default, as in Werkzeug's ProxyFix:
     * a proxy that does not set these passes the client's own through, and a client-chosen host
     * ends up in password-reset links. Turn it on only when every trusted proxy sets them.
     */
    public static final ConfigKey<Boolean> TRUSTED_PROXY_HOST = ConfigKey.bool("TRUSTED_PROXY_HOST", false);
    /**
     * Whether the {@link #TRUSTED_PROXIES} also decide the mount prefix ({@code X-Forwarded-Prefix}).
     * Off by default, for the same reason as {@link #TRUSTED_PROXY_HOST}.
     */
    public static final ConfigKey<Boolean> TRUSTED_PROXY_PREFIX = ConfigKey.bool("TRUSTED_PROXY_PREFIX", false);
    /** The address {@code app.run()} binds, Flask's default {@code 127.0.0.1}. */
    public static final ConfigKey<String> SERVER_HOST = ConfigKey.string("SERVER_HOST", "127.0.0.1");
    /** The port {@code app.run()} binds, Flask's default 5000; 0 picks a free port. */
    public static final ConfigKey<Integer> SERVER_PORT = ConfigKey.integer("SERVER_PORT", 5000);
    /** How long a graceful shutdown waits for requests in flight. */
    public static final ConfigKey<Duration> SHUTDOWN_TIMEOUT = ConfigKey.duration("SHUTDOWN_TIMEOUT", Duration.ofSeconds(30));
    /** Whether the server writes an access log line per request through SLF4J. */
    public static final ConfigKey<Boolean> ACCESS_LOG = ConfigKey.bool("ACCESS_LOG", false);
    /**
     * Where the server finds static files: a directory ({@code /srv/app/static}) or a class-path
     * folder ({@code classpath:static}, the default, i.e. {@code src/main/resources/static}).
     * A configured directory that does not exist fails at startup; a missing default is ignored.
     */
    public static final ConfigKey<String> STATIC_FOLDER = ConfigKey.string("STATIC_FOLDER", "classpath:static");
    /** The URL path static files are served under, Flask's {@code /static}; empty serves none. */
    public static final ConfigKey<String> STATIC_URL_PATH = ConfigKey.string("STATIC_URL_PATH", "/static");

    private static final List<ConfigKey<?>> BUILT_IN = List.of(TESTING, DEBUG, PROPAGATE_EXCEPTIONS, SECRET_KEY,
            SECRET_KEY_FALLBACKS, SESSION_COOKIE_NAME, SESSION_COOKIE_DOMAIN, SESSION_COOKIE_PATH,
            SESSION_COOKIE_HTTPONLY, SESSION_COOKIE_SECURE, SESSION_COOKIE_SAMESITE, SESSION_COOKIE_PARTITIONED,
            SESSION_COOKIE_ENCRYPTED, SESSION_REFRESH_EACH_REQUEST, PERMANENT_SESSION_LIFETIME, MAX_COOKIE_SIZE,
            MAX_CONTENT_LENGTH, MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS, APPLICATION_ROOT, SERVER_NAME, PREFERRED_URL_SCHEME,
            TRUSTED_PROXIES, TRUSTED_PROXY_HOST, TRUSTED_PROXY_PREFIX, SERVER_HOST, SERVER_PORT, SHUTDOWN_TIMEOUT, ACCESS_LOG,
            STATIC_FOLDER, STATIC_URL_PATH);

    private final Map<String, ConfigKey<?>> keys;
    private final Map<String, Object> values;

    private Config(Map<String, ConfigKey<?>> keys, Map<String, Object> values) {
        this.keys = Collections.unmodifiableMap(keys);
        this.values = Collections.unmodifiableMap(values);
    }

    /** Returns the default configuration. */
    public static Config defaults() {
        return builder().build();
    }

    /** Returns a builder that knows the built-in keys. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns the value of {@code key}: the configured one, else its default, if any. */
    public <T> Optional<T> find(ConfigKey<T> key) {
        Object v = values.get(key.name());
        return v != null ? Optional.of(key.type().cast(v)) : key.defaultValue();
    }

    /**
     * Returns the value of {@code key}.
     *
     * @throws CarafeException when the key has no value and no default; set it in the configuration
     */
    public <T> T get(ConfigKey<T> key) {
        return find(key).orElseThrow(() -> new CarafeException("Configuration key " + key.name()
                + " has no value. Set it with Config.builder().set(" + key.name() + ", ...), in a properties file,"
                + " or in the environment."));
    }

    /** Returns whether testing mode is on. */
    public boolean testing() {
        return get(TESTING);
    }

    /** Returns whether debug mode is on. */
    public boolean debug() {
        return get(DEBUG);
    }

    /** Returns whether unhandled errors propagate: {@code PROPAGATE_EXCEPTIONS}, else testing mode. */
    public boolean propagateExceptions() {
        return find(PROPAGATE_EXCEPTIONS).orElse(testing());
    }

    /** Returns the secret key, if set and non-empty. */
    public Optional<String> secretKey() {
        return find(SECRET_KEY).filter(s -> !s.isEmpty());
    }

    /** Returns a builder holding this configuration's values and keys, to derive another. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.keys.putAll(keys);
        b.values.putAll(values);
        return b;
    }

    /** Returns the configured values (not the defaults), by key name. */
    public Map<String, Object> asMap() {
        return values;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Config{");
        new TreeSet<>(values.keySet()).forEach(k -> sb.append(k).append('=')
                .append(k.contains("SECRET") ? "***" : values.get(k)).append(", "));
        return sb.append('}').toString();
    }

    /** Collects configuration values; fails fast on unknown keys and ill-typed values. */
    public static final class Builder {
        private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();
        private final Map<String, Object> values = new LinkedHashMap<>();
        private final Map<String, String> raw = new LinkedHashMap<>();
        /** Where each raw value came from, for error messages: a file, a resource, an environment variable. */
        private final Map<String, String> sources = new LinkedHashMap<>();

        private Builder() {
            BUILT_IN.forEach(k -> keys.put(k.name(), k));
        }

        /** Declares app-specific keys so they can be loaded from files and the environment. */
        public Builder declare(ConfigKey<?>... extra) {
            for (ConfigKey<?> k : extra) {
                ConfigKey<?> old = keys.putIfAbsent(k.name(), k);
                if (old != null && !old.equals(k)) {
                    throw new IllegalArgumentException("config key " + k.name() + " is already declared with another type");
                }
            }
            return this;
        }

        /** Sets {@code key} to {@code value}; declares the key if needed. */
        public <T> Builder set(ConfigKey<T> key, T value) {
            declare(key);
            values.put(key.name(), key.type().cast(java.util.Objects.requireNonNull(value, key.name())));
            raw.remove(key.name());
            return this;
        }

        /**
         * Sets every value {@code other} configured (not its defaults), declaring its keys: how
         * settings made elsewhere, such as the command line's {@code --debug}, win over what
         * was loaded before.
         */
        public Builder setAll(Config other) {
            other.keys.values().forEach(this::declare);
            other.values.forEach((name, value) -> {
                values.put(name, value);
                raw.remove(name);
            });
            return this;
        }

        /** Sets the key named {@code name} from text; checked at {@link #build()}. */
        public Builder set(String name, String text) {
            return setFrom(name, text, "set(\"" + name.trim() + "\", ...)");
        }

        private Builder setFrom(String name, String text, String source) {
            String n = name.trim();
            raw.put(n, java.util.Objects.requireNonNull(text, n));
            sources.put(n, source);
            values.remove(n);
            return this;
        }

        /** Loads every entry of {@code properties}; keys are Flask-style names ({@code SECRET_KEY}). */
        public Builder load(Properties properties) {
            return load(properties, "properties");
        }

        private Builder load(Properties properties, String source) {
            properties.stringPropertyNames().forEach(n -> setFrom(n, properties.getProperty(n), source));
            return this;
        }

        /**
         * Loads a properties file (UTF-8).
         *
         * @throws CarafeException when the file cannot be read, naming it
         */
        public Builder load(Path file) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                Properties p = new Properties();
                p.load(r);
                return load(p, "file " + file);
            } catch (IOException e) {
                throw new CarafeException("Cannot read the configuration file " + file.toAbsolutePath() + ": " + e.getMessage(), e);
            }
        }

        /**
         * Loads a properties file from the classpath.
         *
         * @throws CarafeException when it is missing or unreadable
         */
        public Builder loadResource(String resource) {
            ClassLoader cl = Thread.currentThread().getContextClassLoader();
            try (InputStream in = (cl != null ? cl : Config.class.getClassLoader()).getResourceAsStream(resource)) {
                if (in == null) {
                    throw new CarafeException("The configuration resource " + resource + " is not on the classpath.");
                }
                Properties p = new Properties();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                return load(p, "classpath resource " + resource);
            } catch (IOException e) {
                throw new CarafeException("Cannot read the configuration resource " + resource + ": " + e.getMessage(), e);
            }
        }

        /** Loads every environment variable named {@code prefix + KEY}, e.g. {@code CARAFE_SECRET_KEY}. */
        public Builder loadEnv(String prefix) {
            return loadEnv(prefix, System.getenv());
        }

        /** Loads every entry of {@code env} named {@code prefix + KEY}; for tests and custom sources. */
        public Builder loadEnv(String prefix, Map<String, String> env) {
            env.forEach((n, v) -> {
                if (n.startsWith(prefix) && n.length() > prefix.length()) {
                    setFrom(n.substring(prefix.length()), v, "environment variable " + n);
                }
            });
            return this;
        }

        /**
         * Returns the configuration.
         *
         * @throws CarafeException naming the key when a key is unknown or its value does not parse
         */
        public Config build() {
            Map<String, Object> out = new LinkedHashMap<>(values);
            for (Map.Entry<String, String> e : raw.entrySet()) {
                ConfigKey<?> key = keys.get(e.getKey());
                String source = sources.get(e.getKey());
                if (key == null) {
                    throw new CarafeException("Unknown configuration key " + e.getKey() + " (from " + source + ")."
                            + " Check the spelling against the keys in dev.carafe.Config, or declare the key with"
                            + " Config.builder().declare(ConfigKey...).");
                }
                Object value;
                try {
                    value = key.parser().apply(e.getValue());
                } catch (RuntimeException ex) {
                    throw new CarafeException("Configuration key " + key.name() + " (from " + source + ") has the"
                            + " invalid value \"" + e.getValue() + "\": " + ConfigKey.problem(key, ex) + ".", ex);
                }
                if (value == null) {
                    throw new CarafeException("Configuration key " + key.name() + " (from " + source + ") has the"
                            + " invalid value \"" + e.getValue() + "\": its parser returned nothing.");
                }
                out.put(key.name(), value);
            }
            String root = (String) out.getOrDefault(APPLICATION_ROOT.name(), "/");
            if (!root.startsWith("/")) {
                throw new CarafeException("Configuration key APPLICATION_ROOT must start with '/', was \"" + root + "\".");
            }
            return new Config(new LinkedHashMap<>(keys), out);
        }
    }
}
