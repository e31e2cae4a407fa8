package dev.carafe.templates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes templates into a test's temporary folder, so each test shows the template it renders. */
record TemplateFiles(Path root) {
    TemplateFiles write(String name, String text) {
        try {
            Path file = root.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    TemplateSource source() {
        return TemplateSource.directory(root);
    }
}
