package dev.carafe.internal.session;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Python's {@code zlib.compress} and a bounded {@code zlib.decompress}, through the JDK's zlib. */
final class Zlib {
    /** The longest input whose compressed length is worked out before running zlib. */
    private static final int PREDICT_UP_TO = 512;
    /**
     * Whether {@link DeflateSize}, which follows zlib's own deflate, agrees with the one this JDK
     * runs, checked on a few sessions when this class is first used. A JDK built on another
     * deflate (zlib-ng, a hardware one) chooses differently; then zlib runs every time and the
     * cookies stay what it writes.
     */
    private static final boolean PREDICTABLE = predictionMatchesThisZlib();

    private Zlib() {}

    /** Compresses at zlib's default level with the zlib header, as {@code zlib.compress(data)} does. */
    static byte[] compress(byte[] data) {
        return compress(data, Integer.MAX_VALUE);
    }

    /**
     * Returns {@code zlib.compress(data)} if it is at most {@code maxLength} bytes long, or null;
     * deflating stops as soon as the output passes {@code maxLength}, and does not start when
     * {@link DeflateSize} can tell the length without it.
     */
    static byte[] compress(byte[] data, int maxLength) {
        if (maxLength < 8) {
            return null; // the shortest zlib stream (of no data) is 8 bytes: header, an empty block, checksum
        }
        // Worked out without zlib for sessions up to PREDICT_UP_TO bytes, where it takes a third
        // to a half of zlib's time; longer JSON usually compresses, so zlib would run anyway. Only
        // worth asking when the limit is below the stored form's size, which always fits.
        if (PREDICTABLE && data.length <= PREDICT_UP_TO && maxLength < data.length + 11) {
            int predicted = predict(data, maxLength);
            if (predicted != DeflateSize.UNKNOWN && predicted > maxLength) {
                return null;
            }
        }
        return deflate(data, maxLength);
    }

    /** {@link DeflateSize#of(byte[], int)}, or UNKNOWN if it fails: a bug there must cost zlib's time, not the session. */
    private static int predict(byte[] data, int maxLength) {
        try {
            return DeflateSize.of(data, maxLength);
        } catch (RuntimeException e) {
            return DeflateSize.UNKNOWN;
        }
    }

    /** Whether {@link DeflateSize} predicts this JDK's zlib on a few sessions (see {@link #PREDICTABLE}). */
    static boolean predictable() {
        return PREDICTABLE;
    }

    private static boolean predictionMatchesThisZlib() {
        String[] samples = {
            "{\"visits\":1}",
            "{\"csrf_token\":\"Qm9vbGVhbiBhbGdlYnJhIGlzIGZ1bi4gU28gaXMgemxpYg\",\"n\":17,\"user_id\":42}",
            "{\"x\":\"" + "a".repeat(100) + "\"}",
            "{\"_flashes\":[{\" t\":[\"message\",\"Saved\"]},{\" t\":[\"error\",\"Not saved\"]}],\"_permanent\":true}",
            "{\"cart\":[{\"qty\":2,\"sku\":\"A-1\"},{\"qty\":1,\"sku\":\"B-22\"},{\"qty\":5,\"sku\":\"C-333\"}],\"user\":\"ada\"}",
        };
        try {
            for (String sample : samples) {
                byte[] data = sample.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                if (DeflateSize.of(data) != deflate(data, Integer.MAX_VALUE).length) {
                    return false;
                }
            }
            return true;
        } catch (RuntimeException e) {
            return false; // never let the check make this class unusable: zlib then always runs
        }
    }

    private static byte[] deflate(byte[] data, int maxLength) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            // Deflated straight into the result, with room for one byte past maxLength: filling
            // that byte means the result is too long. The first size holds even data that does not
            // compress (zlib's deflateBound), so it usually takes one call and one final copy.
            byte[] out = new byte[(int) Math.min(maxLength + 1L, data.length + (data.length >> 12) + 64L)];
            int size = 0;
            while (!deflater.finished()) {
                if (size == out.length) {
                    if (size > maxLength) {
                        return null;
                    }
                    out = Arrays.copyOf(out, (int) Math.min(maxLength + 1L, 2L * size));
                }
                size += deflater.deflate(out, size, out.length - size);
            }
            if (size > maxLength) {
                return null;
            }
            return size == out.length ? out : Arrays.copyOf(out, size);
        } finally {
            deflater.end();
        }
    }

    /**
     * Inflates a zlib stream, refusing to produce more than {@code limit} bytes so that a small
     * cookie cannot expand into megabytes (a zip bomb). Bytes after the end of the stream are
     * ignored, as Python's {@code zlib.decompress} ignores them.
     *
     * @throws BadCookie when the stream is corrupt, truncated, or inflates past {@code limit}
     */
    static byte[] inflate(byte[] data, int limit) throws BadCookie {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(data);
            // Inflated straight into the result, grown as needed: JSON compresses about 2:1, so the
            // first guess usually holds it (no stream, no intermediate buffer, one final copy).
            byte[] out = new byte[(int) Math.min(limit + 1L, data.length * 3L + 64)];
            int size = 0;
            while (!inflater.finished()) {
                if (size == out.length) {
                    if (size > limit) {
                        throw new BadCookie("the compressed payload inflates past " + limit + " bytes");
                    }
                    out = Arrays.copyOf(out, (int) Math.min(limit + 1L, 2L * size));
                }
                int n = inflater.inflate(out, size, out.length - size);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new BadCookie("the compressed payload is truncated");
                }
                size += n;
            }
            if (size > limit) {
                throw new BadCookie("the compressed payload inflates past " + limit + " bytes");
            }
            return size == out.length ? out : Arrays.copyOf(out, size);
        } catch (DataFormatException e) {
            throw new BadCookie("the compressed payload is corrupt: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
