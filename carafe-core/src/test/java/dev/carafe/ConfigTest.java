package dev.carafe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Typed configuration with Flask's keys, loaded from code, files, the class path and the environment. */
class ConfigTest {
    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        Path f = dir.resolve("app.properties");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void theDefaultsAreFlasksExceptForABoundedBodySize() {
        Config c = Config.defaults();
        assertThat(c.testing()).isFalse();
        assertThat(c.debug()).isFalse();
        assertThat(c.propagateExceptions()).isFalse();
        assertThat(c.secretKey()).isEmpty();
        assertThat(c.get(Config.SECRET_KEY_FALLBACKS)).isEmpty();
        assertThat(c.get(Config.SESSION_COOKIE_NAME)).isEqualTo("session");
        assertThat(c.get(Config.SESSION_COOKIE_HTTPONLY)).isTrue();
        assertThat(c.get(Config.SESSION_COOKIE_SECURE)).isFalse();
        assertThat(c.find(Config.SESSION_COOKIE_SAMESITE)).isEmpty();
        assertThat(c.get(Config.PERMANENT_SESSION_LIFETIME)).isEqualTo(Duration.ofDays(31));
        assertThat(c.get(Config.APPLICATION_ROOT)).isEqualTo("/");
        assertThat(c.get(Config.PREFERRED_URL_SCHEME)).isEqualTo("http");
        assertThat(c.get(Config.MAX_CONTENT_LENGTH)).isEqualTo(16L * 1024 * 1024);
        assertThat(c.asMap()).isEmpty();
    }

    @Test
    void valuesAreSetWithTypedKeysInCode() {
        Config c = Config.builder()
                .set(Config.TESTING, true)
                .set(Config.SECRET_KEY, "dev")
                .set(Config.SECRET_KEY_FALLBACKS, List.of("old"))
                .set(Config.PERMANENT_SESSION_LIFETIME, Duration.ofHours(1))
                .build();
        assertThat(c.testing()).isTrue();
        assertThat(c.propagateExceptions()).as("testing implies propagation, as in Flask").isTrue();
        assertThat(c.secretKey()).contains("dev");
        assertThat(c.get(Config.SECRET_KEY_FALLBACKS)).containsExactly("old");
        assertThat(c.get(Config.PERMANENT_SESSION_LIFETIME)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void loadsAPropertiesFile() throws IOException {
        Config c = Config.builder().load(file("""
                SECRET_KEY=s3cret
                SECRET_KEY_FALLBACKS=older, oldest
                TESTING=true
                SESSION_COOKIE_SAMESITE=lax
                MAX_CONTENT_LENGTH=512KB
                PERMANENT_SESSION_LIFETIME=P7D
                SHUTDOWN_TIMEOUT=45
                APPLICATION_ROOT=/shop
                """)).build();
        assertThat(c.secretKey()).contains("s3cret");
        assertThat(c.get(Config.SECRET_KEY_FALLBACKS)).containsExactly("older", "oldest");
        assertThat(c.testing()).isTrue();
        assertThat(c.get(Config.SESSION_COOKIE_SAMESITE)).isEqualTo("Lax");
        assertThat(c.get(Config.MAX_CONTENT_LENGTH)).isEqualTo(512L * 1024);
        assertThat(c.get(Config.PERMANENT_SESSION_LIFETIME)).isEqualTo(Duration.ofDays(7));
        assertThat(c.get(Config.SHUTDOWN_TIMEOUT)).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.get(Config.APPLICATION_ROOT)).isEqualTo("/shop");
    }

    @Test
    void loadsAPropertiesFileFromTheClassPath() {
        Config c = Config.builder().loadResource("carafe-config-test.properties").build();
        assertThat(c.debug()).isTrue();
        assertThat(c.get(Config.SESSION_COOKIE_NAME)).isEqualTo("from_resource");
        assertThat(c.get(Config.MAX_CONTENT_LENGTH)).isEqualTo(2L * 1024 * 1024);
    }

    @Test
    void setAllAppliesAnotherConfigsValuesOverWhatWasLoadedButNotItsDefaults() {
        ConfigKey<Integer> workers = ConfigKey.integer("WORKERS", 1);
        Config settings = Config.builder().set(Config.DEBUG, true).set(workers, 4).build();
        Config c = Config.builder()
                .set("DEBUG", "false")
                .set(Config.SESSION_COOKIE_NAME, "loaded")
                .setAll(settings)
                .build();
        assertThat(c.debug()).as("the later value wins, also over text not yet checked").isTrue();
        assertThat(c.get(workers)).as("its keys are declared too").isEqualTo(4);
        assertThat(c.get(Config.SESSION_COOKIE_NAME)).as("what it does not set is kept").isEqualTo("loaded");
        assertThat(c.asMap()).containsOnlyKeys("DEBUG", "WORKERS", "SESSION_COOKIE_NAME");
    }

    @Test
    void loadsEnvironmentVariablesWithAPrefix() {
        Map<String, String> env = Map.of(
                "CARAFE_SECRET_KEY", "from-env",
                "CARAFE_DEBUG", "1",
                "CARAFE_", "the bare prefix is ignored",
                "OTHER_SECRET_KEY", "ignored",
                "PATH", "/usr/bin");
        Config c = Config.builder().loadEnv("CARAFE_", env).build();
        assertThat(c.secretKey()).contains("from-env");
        assertThat(c.debug()).isTrue();
        assertThat(c.asMap()).containsOnlyKeys("SECRET_KEY", "DEBUG");
    }

    @Test
    void loadsTheRealEnvironment() {
        // No variable has this prefix, so nothing is loaded; the point is that the real environment is read.
        Config c = Config.builder().loadEnv("CARAFE_CONFIG_TEST_UNSET_PREFIX_").build();
        assertThat(c.asMap()).isEmpty();
    }

    @Test
    void laterSourcesWin() throws IOException {
        Config c = Config.builder()
                .load(file("SECRET_KEY=from-file\nDEBUG=true\n"))
                .loadEnv("APP_", Map.of("APP_SECRET_KEY", "from-env"))
                .set(Config.DEBUG, false)
                .build();
        assertThat(c.secretKey()).contains("from-env");
        assertThat(c.debug()).isFalse();
    }

    // ---- failures at build(), naming the key and the source --------------------------------------------

    @Test
    void anUnknownKeyFailsAtBuildNamingTheKeyAndWhereItCameFrom() throws IOException {
        Path f = file("SECRET_KEY=x\nSECRT_KEY=typo\n");
        assertThatThrownBy(() -> Config.builder().load(f).build())
                .isInstanceOf(CarafeException.class)
                .hasMessage("Unknown configuration key SECRT_KEY (from file " + f + "). Check the spelling against"
                        + " the keys in dev.carafe.Config, or declare the key with"
                        + " Config.builder().declare(ConfigKey...).");
        assertThatThrownBy(() -> Config.builder().loadEnv("CARAFE_", Map.of("CARAFE_DEBUGG", "1")).build())
                .hasMessage("Unknown configuration key DEBUGG (from environment variable CARAFE_DEBUGG). Check the"
                        + " spelling against the keys in dev.carafe.Config, or declare the key with"
                        + " Config.builder().declare(ConfigKey...).");
        Properties p = new Properties();
        p.setProperty("NOPE", "1");
        assertThatThrownBy(() -> Config.builder().load(p).build())
                .hasMessageStartingWith("Unknown configuration key NOPE (from properties).");
        assertThatThrownBy(() -> Config.builder().set("NOPE", "1").build())
                .hasMessageStartingWith("Unknown configuration key NOPE (from set(\"NOPE\", ...)).");
    }

    @Test
    void anIllTypedValueFailsAtBuildNamingTheKeyTheValueAndWhatWasExpected() throws IOException {
        assertThatThrownBy(() -> Config.builder().loadEnv("CARAFE_", Map.of("CARAFE_DEBUG", "maybe")).build())
                .isInstanceOf(CarafeException.class)
                .hasMessage("Configuration key DEBUG (from environment variable CARAFE_DEBUG) has the invalid value"
                        + " \"maybe\": expected true or false.");
        Path f = file("SERVER_PORT=eighty\n");
        assertThatThrownBy(() -> Config.builder().load(f).build())
                .hasMessage("Configuration key SERVER_PORT (from file " + f + ") has the invalid value \"eighty\":"
                        + " expected a whole number.");
        assertThatThrownBy(() -> Config.builder().set("MAX_CONTENT_LENGTH", "16 megs").build())
                .hasMessage("Configuration key MAX_CONTENT_LENGTH (from set(\"MAX_CONTENT_LENGTH\", ...)) has the"
                        + " invalid value \"16 megs\": expected a size in bytes, such as 1048576, 512KB or 16MB.");
        assertThatThrownBy(() -> Config.builder().set("MAX_CONTENT_LENGTH", "-1").build())
                .hasMessageEndingWith("has the invalid value \"-1\": a size cannot be negative.");
        assertThatThrownBy(() -> Config.builder().set("PERMANENT_SESSION_LIFETIME", "a month").build())
                .hasMessage("Configuration key PERMANENT_SESSION_LIFETIME (from set(\"PERMANENT_SESSION_LIFETIME\","
                        + " ...)) has the invalid value \"a month\": expected a duration in seconds, such as 2678400,"
                        + " or in ISO-8601, such as P31D or PT30S.");
        assertThatThrownBy(() -> Config.builder().set("SESSION_COOKIE_SAMESITE", "Sometimes").build())
                .hasMessage("Configuration key SESSION_COOKIE_SAMESITE (from set(\"SESSION_COOKIE_SAMESITE\", ...))"
                        + " has the invalid value \"Sometimes\": SameSite must be Strict, Lax or None, was"
                        + " \"Sometimes\".");
    }

    @Test
    void theApplicationRootMustBeAPath() {
        assertThatThrownBy(() -> Config.builder().set("APPLICATION_ROOT", "shop").build())
                .hasMessage("Configuration key APPLICATION_ROOT must start with '/', was \"shop\".");
    }

    @Test
    void aMissingFileOrResourceIsNamed() {
        Path missing = dir.resolve("missing.properties");
        assertThatThrownBy(() -> Config.builder().load(missing))
                .isInstanceOf(CarafeException.class)
                .hasMessageStartingWith("Cannot read the configuration file " + missing.toAbsolutePath() + ": ");
        assertThatThrownBy(() -> Config.builder().loadResource("no-such.properties"))
                .hasMessage("The configuration resource no-such.properties is not on the classpath.");
    }

    @Test
    void aKeyWithNoValueAndNoDefaultSaysHowToSetIt() {
        assertThatThrownBy(() -> Config.defaults().get(Config.SECRET_KEY))
                .isInstanceOf(CarafeException.class)
                .hasMessage("Configuration key SECRET_KEY has no value. Set it with Config.builder().set(SECRET_KEY,"
                        + " ...), in a properties file, or in the environment.");
    }

    // ---- app keys ------------------------------------------------------------------------------------

    static final ConfigKey<Integer> WORKERS = ConfigKey.integer("WORKERS", 4);

    @Test
    void anAppDeclaresKeysOfItsOwnAndLoadsThemLikeFlasksKeys() {
        Config c = Config.builder().declare(WORKERS).loadEnv("SHOP_", Map.of("SHOP_WORKERS", "8")).build();
        assertThat(c.get(WORKERS)).isEqualTo(8);
        assertThat(Config.defaults().get(WORKERS)).as("the key's default").isEqualTo(4);
    }

    @Test
    void aKeyCannotBeDeclaredTwiceWithAnotherType() {
        assertThatThrownBy(() -> Config.builder().declare(ConfigKey.string("WORKERS", "x")).declare(WORKERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config key WORKERS is already declared with another type");
    }

    @Test
    void keyNamesAreUpperSnakeCase() {
        assertThatThrownBy(() -> ConfigKey.string("workers", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config key name must be UPPER_SNAKE_CASE, was \"workers\"");
    }

    @Test
    void toStringHidesSecrets() {
        Config c = Config.builder().set(Config.SECRET_KEY, "hunter2").set(Config.DEBUG, true).build();
        assertThat(c.toString()).isEqualTo("Config{DEBUG=true, SECRET_KEY=***, }").doesNotContain("hunter2");
    }

    @Test
    void toBuilderDerivesAnotherConfiguration() {
        Config base = Config.builder().set(Config.SECRET_KEY, "k").build();
        Config testing = base.toBuilder().set(Config.TESTING, true).build();
        assertThat(testing.secretKey()).contains("k");
        assertThat(testing.testing()).isTrue();
        assertThat(base.testing()).isFalse();
    }

    @Test
    void anAppUsesTheConfigurationItWasCreatedWith() {
        Config c = Config.builder().set(Config.DEBUG, true).build();
        assertThat(Carafe.create("configured", c).config()).isSameAs(c);
        assertThat(Carafe.create("plain").config().debug()).isFalse();
    }
}
