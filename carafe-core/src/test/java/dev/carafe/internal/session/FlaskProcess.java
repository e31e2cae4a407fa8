package dev.carafe.internal.session;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code flask_sessions.py} with the machine's {@code python3}: a batch of operations in,
 * one result per operation out (see the script's docstring).
 */
final class FlaskProcess {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static String unavailable;
    private static boolean checked;

    private FlaskProcess() {}

    /** Returns why Flask cannot be used here, or null when {@code python3} imports Flask. */
    static synchronized String unavailable() {
        if (!checked) {
            checked = true;
            try {
                Process p = new ProcessBuilder("python3", "-c", "import flask, itsdangerous, markupsafe")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    unavailable = "python3 cannot import flask: " + out;
                }
            } catch (IOException e) {
                unavailable = "python3 is not installed: " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unavailable = "interrupted while looking for python3";
            }
        }
        return unavailable;
    }

    /** Runs {@code ops} through Flask and returns the results, in order. */
    static List<Map<String, Object>> run(List<Map<String, Object>> ops) throws IOException, InterruptedException {
        String script;
        try (InputStream in = FlaskProcess.class.getResourceAsStream("flask_sessions.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Process p = new ProcessBuilder("python3", "-c", script).start();
        try (OutputStream stdin = p.getOutputStream()) {
            JSON.writeValue(stdin, ops);
        }
        byte[] out = p.getInputStream().readAllBytes();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("flask_sessions.py failed:\n" + err);
        }
        return JSON.readValue(out, new TypeReference<>() {});
    }
}
