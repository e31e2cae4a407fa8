package dev.carafe.templates;

import dev.carafe.CarafeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an app's templates are loaded from: a folder on the class path (Flask's
 * {@code templates/} next to the app) or a directory on disk.
 *
 * <p>Template names are relative to it and use {@code /}, e.g. {@code admin/users.html}; a name
 * that would leave it ({@code ../secret}) is not found.
 */
public sealed interface TemplateSource permits TemplateSource.Classpath, TemplateSource.Directory {

    /**
     * Returns the class-path folder {@code folder}, e.g. {@code "templates"} for
     * {@code src/main/resources/templates}. Templates are looked up with the class loader of the
     * calling code, then in its module (a named module opens the folder to this one:
     * {@code opens templates to dev.carafe.templates;}).
     */
    static TemplateSource classpath(String folder) {
        return new Classpath(folder, Callers.callerModule());
    }

    /**
     * Returns the directory {@code folder}; in debug mode, edited files are picked up on the next render.
     *
     * @throws CarafeException when {@code folder} is not a directory
     */
    static TemplateSource directory(Path folder) {
        Path dir = Objects.requireNonNull(folder, "folder").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new CarafeException("The template folder " + dir + " is not a directory. Create it, or pass the"
                    + " folder holding your templates to TemplateSource.directory(...).");
        }
        return new Directory(dir);
    }

    /** Returns where templates are looked up, for messages: {@code classpath:templates/} or a directory path. */
    String describe();

    /**
     * A class-path folder.
     *
     * @param folder the folder, without leading or trailing {@code /}
     * @param module the module of the code that named it, searched after its class loader
     */
    record Classpath(String folder, Module module) implements TemplateSource {
        /** Normalizes the folder and checks it is a relative path. */
        public Classpath {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(module, "module");
            folder = strip(folder.replace('\\', '/'));
            if (folder.contains("..")) {
                throw new IllegalArgumentException("template folder must stay inside the class path, was " + folder);
            }
        }

        @Override
        public String describe() {
            return "classpath:" + (folder.isEmpty() ? "" : folder + "/");
        }

        private static String strip(String s) {
            int start = 0;
            int end = s.length();
            while (start < end && s.charAt(start) == '/') {
                start++;
            }
            while (end > start && s.charAt(end - 1) == '/') {
                end--;
            }
            return s.substring(start, end);
        }
    }

    /**
     * A directory on disk.
     *
     * @param path the absolute, normalized directory
     */
    record Directory(Path path) implements TemplateSource {
        /** Checks the path is absolute. */
        public Directory {
            Objects.requireNonNull(path, "path");
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException("template directory must be absolute, was " + path);
            }
        }

        @Override
        public String describe() {
            return path.toString();
        }
    }
}
