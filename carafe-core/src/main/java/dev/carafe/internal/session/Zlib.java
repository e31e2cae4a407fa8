package dev.carafe.internal.session;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/** Python's {@code zlib.compress} and a bounded {@code zlib.decompress}, through the JDK's zlib. */
final class Zlib {
    private Zlib() {}

    /** Compresses at zlib's default level with the zlib header, as {@code zlib.compress(data)} does. */
    static byte[] compress(byte[] data) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 16);
            byte[] buf = new byte[Math.max(64, data.length)];
            while (!deflater.finished()) {
                out.write(buf, 0, deflater.deflate(buf));
            }
            return out.toByteArray();
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
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, data.length * 4 + 64));
            byte[] buf = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buf);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new BadCookie("the compressed payload is truncated");
                }
                if (out.size() + n > limit) {
                    throw new BadCookie("the compressed payload inflates past " + limit + " bytes");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new BadCookie("the compressed payload is corrupt: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }
}
