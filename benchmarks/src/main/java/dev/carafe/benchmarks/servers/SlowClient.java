package dev.carafe.benchmarks.servers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The memory mode's client: opens N connections to 127.0.0.1, each sending one
 * {@code GET /slow?ms=HOLD}, and counts the answers that are complete {@code 200 ... done}.
 *
 * <p>Why not wrk: wrk counts only the requests that finish within its fixed duration, so with
 * thousands of connections still queued in the kernel's accept backlog it cannot say whether
 * every request completed. This client waits for each one (up to a timeout) and prints exact
 * counts. Connects are limited to 256 at a time, so that a burst of 10,000 SYNs does not
 * overflow the server's accept backlog into TCP retransmission delays of seconds.
 * <pre>java -cp benchmarks.jar dev.carafe.benchmarks.servers.SlowClient PORT N HOLD_MS [TIMEOUT_S]</pre>
 * It prints {@code SLOWCLIENT requested=N completed=C errors=E connected_ms=T total_ms=T} and
 * exits with 0 when every request completed, 1 otherwise.
 */
public final class SlowClient {
    private SlowClient() {}

    /** Runs the client; see the class comment for the arguments. */
    public static void main(String[] args) throws InterruptedException {
        if (args.length < 3) {
            System.err.println("usage: SlowClient PORT N HOLD_MS [TIMEOUT_S]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        int n = Integer.parseInt(args[1]);
        long holdMs = Long.parseLong(args[2]);
        int timeoutMs = (args.length > 3 ? Integer.parseInt(args[3]) : 120) * 1000;
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        byte[] request = ("GET /slow?ms=" + holdMs + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        Semaphore connecting = new Semaphore(256);
        AtomicInteger connected = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger firstErrorShown = new AtomicInteger();
        long start = System.nanoTime();
        long[] allConnectedAt = {0};
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                threads.submit(() -> {
                    try (Socket socket = new Socket()) {
                        connecting.acquire();
                        try {
                            socket.connect(address, timeoutMs);
                        } finally {
                            connecting.release();
                        }
                        if (connected.incrementAndGet() == n) {
                            allConnectedAt[0] = System.nanoTime();
                        }
                        socket.setSoTimeout(timeoutMs);
                        socket.getOutputStream().write(request);
                        String response = readAll(socket.getInputStream());
                        if (response.startsWith("HTTP/1.1 200") && response.endsWith("done")) {
                            completed.incrementAndGet();
                        } else {
                            errors.incrementAndGet();
                            if (firstErrorShown.getAndIncrement() == 0) {
                                System.err.println("unexpected answer: " + response.lines().findFirst().orElse("<empty>"));
                            }
                        }
                    } catch (IOException | InterruptedException e) {
                        errors.incrementAndGet();
                        if (firstErrorShown.getAndIncrement() == 0) {
                            System.err.println("request failed: " + e);
                        }
                    }
                    return null;
                });
            }
        }
        long end = System.nanoTime();
        long connectedMs = allConnectedAt[0] == 0 ? -1 : (allConnectedAt[0] - start) / 1_000_000;
        System.out.println("SLOWCLIENT requested=" + n + " completed=" + completed.get() + " errors=" + errors.get()
                + " connected_ms=" + connectedMs + " total_ms=" + (end - start) / 1_000_000);
        System.exit(completed.get() == n ? 0 : 1);
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        in.transferTo(out);
        return out.toString(StandardCharsets.US_ASCII);
    }
}
