package dev.carafe.benchmarks.servers;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every comparison server answers, so that each does the same work per scenario:
 * <ul>
 *   <li>{@code GET /plaintext}: {@code Hello, World!} as {@code text/plain};</li>
 *   <li>{@code GET /json}: {@link Message} as JSON, {@code {"message":"Hello, World!","id":1}};</li>
 *   <li>{@code GET /users/<id>?q=<text>}: {@code user <id>, q=<text>}, the id parsed as an int;</li>
 *   <li>{@code GET /slow?ms=<n>}: sleeps {@code n} ms, then {@code done} (the memory mode's slow handler);</li>
 *   <li>{@code GET /_heap[?gc=1]}: the in-flight slow handlers and the used heap, after a full GC when asked.</li>
 * </ul>
 */
public final class Payloads {
    /** The plaintext body. */
    public static final String HELLO = "Hello, World!";

    /** How many slow handlers are sleeping right now. */
    public static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    private Payloads() {}

    /** The small record of the JSON scenario. */
    public record Message(String message, int id) {}

    /** Returns the JSON scenario's record. */
    public static Message message() {
        return new Message(HELLO, 1);
    }

    /** Returns the body of the path-parameter scenario. */
    public static String userText(int id, String q) {
        return "user " + id + ", q=" + q;
    }

    /** Sleeps {@code ms} milliseconds, counted in {@link #IN_FLIGHT} meanwhile; returns the body. */
    public static String slow(long ms) throws InterruptedException {
        IN_FLIGHT.incrementAndGet();
        try {
            Thread.sleep(ms);
        } finally {
            IN_FLIGHT.decrementAndGet();
        }
        return "done";
    }

    /**
     * Returns {@code {"inflight":n,"heapUsed":bytes,"heapMax":bytes}}; with {@code gc}, asks for a
     * full collection first (twice, as one may leave garbage reachable from finalizable objects),
     * so that "used" is the live set.
     */
    public static String heapJson(boolean gc) {
        if (gc) {
            System.gc();
            System.gc();
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        return "{\"inflight\":" + IN_FLIGHT.get() + ",\"heapUsed\":" + memory.getHeapMemoryUsage().getUsed()
                + ",\"heapMax\":" + memory.getHeapMemoryUsage().getMax() + "}";
    }

    /** Returns the port given as the first argument, or exits with a usage message. */
    static int port(String[] args, String usage) {
        if (args.length < 1) {
            System.err.println("usage: " + usage);
            System.exit(2);
        }
        return Integer.parseInt(args[0]);
    }

    /** Prints the line the load harness waits for. */
    static void ready(String name, int port) {
        System.out.println("READY " + name + " http://127.0.0.1:" + port + "/");
        System.out.flush();
    }
}
