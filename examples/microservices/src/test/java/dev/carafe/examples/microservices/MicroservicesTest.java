package dev.carafe.examples.microservices;

import static dev.carafe.correlation.Correlation.MDC_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carafe.Config;
import dev.carafe.spi.RunningServer;
import dev.carafe.testsupport.CapturedLogs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The three services on Jetty, on free ports of the loopback interface, called over real HTTP:
 * one outside request to the gateway, one id in every log line it causes in every service.
 */
class MicroservicesTest {
    static final Set<String> SERVICES = Set.of("gateway", "orders", "inventory");
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** How many inventory calls a checkout of each order makes: one per item, plus the gift wrap. */
    static final Map<Integer, Integer> INVENTORY_CALLS = Map.of(1, 2, 2, 3, 3, 3);

    static RunningServer inventory;
    static RunningServer orders;
    static RunningServer gateway;
    static final HttpClient OUTSIDE = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    private CapturedLogs logs;

    @BeforeAll
    static void boot() {
        inventory = Inventory.create(config(Map.of())).start("127.0.0.1", 0);
        orders = Orders.create(config(Map.of("INVENTORY_URL", inventory.url()))).start("127.0.0.1", 0);
        gateway = Gateway.create(config(Map.of("ORDERS_URL", orders.url(), "INVENTORY_URL", inventory.url())))
                .start("127.0.0.1", 0);
    }

    @AfterAll
    static void shutDown() {
        for (RunningServer server : new RunningServer[] {gateway, orders, inventory}) {
            if (server != null) {
                server.close();
            }
        }
        OUTSIDE.close();
    }

    @BeforeEach
    void capture() {
        logs = CapturedLogs.capture();
    }

    @AfterEach
    void release() {
        logs.close();
    }

    private static Config config(Map<String, String> urls) {
        Config.Builder b = Config.builder().declare(Services.ORDERS_URL, Services.INVENTORY_URL);
        urls.forEach(b::set);
        return b.build();
    }

    /** What the outside world got back from one checkout. */
    record Answer(int order, int status, String idHeader, JsonNode body) {}

    private static Answer checkout(int order, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.url() + "/checkout/" + order));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = OUTSIDE.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(order, r.statusCode(), r.headers().firstValue("X-Request-ID").orElse(null),
                JSON.readTree(r.body()));
    }

    /** Returns the lines the three services wrote, once every request they served has ended. */
    private List<CapturedLogs.Line> serviceLinesAfter(Map<Integer, Integer> checkoutsPerOrder) throws InterruptedException {
        int checkouts = checkoutsPerOrder.values().stream().mapToInt(Integer::intValue).sum();
        int inventoryCalls = checkoutsPerOrder.entrySet().stream()
                .mapToInt(e -> INVENTORY_CALLS.get(e.getKey()) * e.getValue()).sum();
        // Teardown runs after the response is sent, so wait for the last line of each request.
        for (int waited = 0; waited < 1000; waited++) {
            if (logs.containing("gateway request done").size() == checkouts
                    && logs.containing("orders request done").size() == checkouts
                    && logs.containing("inventory request done").size() == inventoryCalls) {
                return logs.lines().stream().filter(l -> SERVICES.contains(l.logger())).toList();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the services did not finish their requests; lines so far: " + logs.lines());
    }

    @Test
    void anIncomingIdTravelsThroughAllThreeServicesAndBack() throws Exception {
        Answer answer = checkout(2, "X-Request-ID", "checkout-2-abc");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.idHeader()).isEqualTo("checkout-2-abc");
        assertThat(answer.body().get("correlationId").asText()).isEqualTo("checkout-2-abc");
        assertThat(answer.body().at("/order/lines/1/available").asInt()).isEqualTo(12);

        List<CapturedLogs.Line> lines = serviceLinesAfter(Map.of(2, 1));
        assertThat(lines).extracting(CapturedLogs.Line::logger).containsAll(SERVICES);
        assertThat(lines).extracting(CapturedLogs.Line::message).contains(
                "checkout of order 2", "asking the orders service", "asking the inventory for gift wrap",
                "loading order 2 (2 items)", "stock of cups: 4", "stock of tea: 12", "stock of gift-wrap: 30",
                "order 2 loaded", "checkout of order 2 ready", "gateway request done", "orders request done",
                "inventory request done");
        assertThat(lines).allSatisfy(l -> assertThat(l.mdc(MDC_KEY)).as(l.toString()).contains("checkout-2-abc"));
    }

    @Test
    void withoutAnIncomingIdTheGatewayMakesOneAndEveryServiceUsesIt() throws Exception {
        Answer answer = checkout(1);

        assertThat(answer.idHeader()).matches("[0-9a-f]{32}");
        assertThat(answer.body().get("correlationId").asText()).isEqualTo(answer.idHeader());
        List<CapturedLogs.Line> lines = serviceLinesAfter(Map.of(1, 1));
        assertThat(lines).extracting(CapturedLogs.Line::logger).containsAll(SERVICES);
        assertThat(lines).allSatisfy(l -> assertThat(l.mdc(MDC_KEY)).as(l.toString()).contains(answer.idHeader()));
    }

    @Test
    void aTraceparentsTraceIdBecomesTheIdEverywhere() throws Exception {
        Answer answer = checkout(1, "traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01");

        assertThat(answer.idHeader()).isEqualTo(TRACE);
        List<CapturedLogs.Line> lines = serviceLinesAfter(Map.of(1, 1));
        assertThat(lines).extracting(CapturedLogs.Line::logger).containsAll(SERVICES);
        assertThat(lines).allSatisfy(l -> assertThat(l.mdc(MDC_KEY)).as(l.toString()).contains(TRACE));
    }

    @Test
    void aMaliciousIncomingIdIsReplacedAndAppearsNowhere() throws Exception {
        String forged = "x 12:00:00.000 INFO [admin] - forged";
        Answer answer = checkout(1, "X-Request-ID", forged);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.idHeader()).matches("[0-9a-f]{32}");
        List<CapturedLogs.Line> lines = serviceLinesAfter(Map.of(1, 1));
        assertThat(lines).allSatisfy(l -> assertThat(l.mdc(MDC_KEY)).as(l.toString()).contains(answer.idHeader()));
        assertThat(logs.lines())
                .noneMatch(l -> l.message().contains("forged") || l.mdc(MDC_KEY).orElse("").contains("forged"));
    }

    @Test
    void concurrentRequestsNeverShareAnIdAndEveryLineKeepsItsOwn() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(6);
        List<Answer> answers = new ArrayList<>();
        try {
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int order = 1 + i % 3;
                String[] headers = i % 2 == 0 ? new String[] {"X-Request-ID", "client-" + i} : new String[0];
                futures.add(callers.submit(() -> checkout(order, headers)));
            }
            for (Future<Answer> f : futures) {
                answers.add(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(200);
            assertThat(a.body().get("correlationId").asText()).isEqualTo(a.idHeader());
        });
        Set<String> ids = answers.stream().map(Answer::idHeader).collect(Collectors.toSet());
        assertThat(ids).as("one id per outside request").hasSize(30);

        List<CapturedLogs.Line> lines = serviceLinesAfter(Map.of(1, 10, 2, 10, 3, 10));
        assertThat(lines).allSatisfy(l -> assertThat(l.mdc(MDC_KEY)).as(l.toString()).isPresent());
        Map<String, List<CapturedLogs.Line>> byId = lines.stream()
                .collect(Collectors.groupingBy(l -> l.mdc(MDC_KEY).orElseThrow()));
        assertThat(byId.keySet()).isEqualTo(ids);
        for (Answer a : answers) {
            List<CapturedLogs.Line> mine = byId.get(a.idHeader());
            assertThat(new HashSet<>(mine.stream().map(CapturedLogs.Line::logger).toList())).isEqualTo(SERVICES);
            // A line that names an order under this id names this request's order, in every service.
            assertThat(mine).filteredOn(l -> l.message().contains("order "))
                    .allSatisfy(l -> assertThat(l.message()).contains("order " + a.order()));
            assertThat(mine).filteredOn(l -> l.message().startsWith("stock of ")).hasSize(INVENTORY_CALLS.get(a.order()));
        }
    }
}
