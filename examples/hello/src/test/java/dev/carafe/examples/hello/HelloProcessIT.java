package dev.carafe.examples.hello;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The hello example as a user runs it: {@code main} in a java process of its own, configured from
 * the environment, printing its URL, and stopped with SIGTERM.
 */
class HelloProcessIT {
    private static final Pattern URL = Pattern.compile("Serving app 'hello' on (http://127\\.0\\.0\\.1:\\d+) ");

    @Test
    void mainServesOnTheConfiguredPortAndStopsGracefullyOnSigterm() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        String classPath = Stream.of(System.getProperty("jdk.module.path"), System.getProperty("java.class.path"))
                .filter(p -> p != null && !p.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classPath, Hello.class.getName()).redirectErrorStream(true);
        builder.environment().put("CARAFE_SERVER_PORT", "0"); // a free port; the startup line says which
        Process process = builder.start();
        process.getOutputStream().close();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(lines::add);
            } catch (java.io.IOException ignored) {
                // the process ended
            }
        });
        try {
            String url = awaitUrl(lines, process);
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/search?q=sigterm")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.body()).isEqualTo("Searching for: sigterm");
            }
            process.toHandle().destroy(); // SIGTERM
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the process exits after SIGTERM").isTrue();
            reader.join(10_000);
            assertThat(lines).anyMatch(l -> l.endsWith("dev.carafe.server - The JVM is shutting down (SIGTERM or Ctrl-C)"));
            assertThat(lines).anyMatch(l -> l.endsWith("dev.carafe.server - Stopped app 'hello'"));
            assertThat(lines).noneMatch(l -> l.contains("Exception"));
        } finally {
            process.destroyForcibly();
        }
    }

    private static String awaitUrl(List<String> lines, Process process) throws InterruptedException {
        for (int i = 0; i < 600 && process.isAlive(); i++) {
            for (String line : lines) {
                Matcher m = URL.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no startup line within 30 s; the process printed: " + lines);
    }
}
