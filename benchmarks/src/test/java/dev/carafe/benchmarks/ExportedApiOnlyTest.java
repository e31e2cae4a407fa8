package dev.carafe.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks measure what users can reach: they compile on the class path, where nothing
 * stops them from importing Carafe's internals, so this test does.
 */
class ExportedApiOnlyTest {

    @Test
    void benchmarkSourcesUseOnlyCarafesExportedPackages() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            offenders = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            return Files.readString(p).contains("dev.carafe.internal");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
        }
        assertThat(offenders).as("benchmark sources naming dev.carafe.internal (not exported)").isEmpty();
    }
}
