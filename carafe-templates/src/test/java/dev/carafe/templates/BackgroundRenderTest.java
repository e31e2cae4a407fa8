package dev.carafe.templates;

import static dev.carafe.Globals.g;
import static dev.carafe.Globals.session;
import static dev.carafe.templates.Templates.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.carafe.Background;
import dev.carafe.Carafe;
import dev.carafe.Config;
import dev.carafe.Context;
import dev.carafe.Globals;
import dev.carafe.Key;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rendering in background work (an e-mail after the response): a copy of the request's context is enough. */
class BackgroundRenderTest {
    static final Key<String> JOB = Key.of("job", String.class);

    @TempDir Path dir;
    final Carafe app = Carafe.create("background", Config.builder().set(Config.SECRET_KEY, "dev").build());
    final ExecutorService pool = Executors.newFixedThreadPool(1);

    @BeforeEach
    void install() {
        Templates.install(app, new TemplateFiles(dir).write("mail.txt", """
                To {{ session.user }} about {{ request.path }} ({{ request.args.get('id') }})
                g: {{ g.job }}
                link: {% if request %}{{ url_for('order', id=request.args.get('id')) }}{% endif %}
                """).source());
        app.get("/order/<id>", "order", () -> "order");
    }

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    @Test
    void backgroundWrapRendersFromTheRequestsCopyAfterTheResponse() throws Exception {
        CompletableFuture<String> mail = new CompletableFuture<>();
        CountDownLatch responded = new CountDownLatch(1);
        app.get("/checkout", () -> {
            session().put("user", "ada");
            pool.submit(Background.wrap(() -> {
                try {
                    if (!responded.await(10, TimeUnit.SECONDS)) {
                        throw new AssertionError("the test did not get the response within 10 s");
                    }
                    g().set(JOB, "mailer");
                    mail.complete(render("mail.txt"));
                } catch (Throwable t) {
                    mail.completeExceptionally(t);
                }
            }));
            return "queued";
        });
        assertThat(app.testClient().get("/checkout?id=42").text()).isEqualTo("queued");
        responded.countDown();
        assertThat(mail.get(30, TimeUnit.SECONDS).lines())
                .containsExactly("To ada about /checkout (42)", "g: mailer", "link: /order/42");
    }

    @Test
    void aCopiedContextRunOnAnotherThreadRenders() throws Exception {
        app.get("/copy", () -> {
            Context copy = Globals.copyContext();
            Future<String> out = pool.submit(() -> copy.call(() -> render("mail.txt")));
            return out.get(10, TimeUnit.SECONDS);
        });
        assertThat(app.testClient().get("/copy?id=7").text().lines())
                .containsExactly("To  about /copy (7)", "g: ", "link: /order/7");
    }

    @Test
    void anAppContextWithoutARequestRendersForCliCommandsAndJobs() throws Exception {
        Templates.of(app);
        String out = pool.submit(() -> app.appContext().call(() -> render("mail.txt", Map.of()))).get(10, TimeUnit.SECONDS);
        assertThat(out.lines()).containsExactly("To  about  ()", "g: ", "link: ");
    }
}
