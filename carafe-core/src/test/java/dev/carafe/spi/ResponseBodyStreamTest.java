package dev.carafe.spi;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class ResponseBodyStreamTest {

    /** A server's body stream: keeps what was written, says whether it was closed, fails on demand. */
    private static final class ServerStream extends ByteArrayOutputStream {
        boolean closed;
        IOException failNext;

        @Override
        public void flush() throws IOException {
            if (failNext != null) {
                throw failNext;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void aWholeBodyIsWrittenAndClosingCompletesIt() throws IOException {
        ServerStream server = new ServerStream();
        try (ResponseBodyStream body = new ResponseBodyStream(server)) {
            body.write("hello, ".getBytes(UTF_8));
            body.write('w');
            body.flush();
            assertThat(body.failure()).isEmpty();
        }
        assertThat(server.toString(UTF_8)).isEqualTo("hello, w");
        assertThat(server.closed).isTrue();
    }

    @Test
    void afterAFailedFlushWritesRethrowTheFirstFailureAndCloseDoesNotCompleteTheResponse() throws IOException {
        ServerStream server = new ServerStream();
        ResponseBodyStream body = new ResponseBodyStream(server);
        IOException gone = new IOException("client went away");
        server.failNext = gone;

        assertThatThrownBy(body::flush).isSameAs(gone);
        server.failNext = new IOException("a later failure");
        assertThatThrownBy(() -> body.write(1)).isSameAs(gone);
        body.close();

        assertThat(server.closed).isFalse();
        assertThat(body.failure()).containsSame(gone);
    }

    @Test
    void anAbortedResponseRefusesWritesNamesTheCauseAndIsNotCompletedOnClose() throws IOException {
        ServerStream server = new ServerStream();
        ResponseBodyStream body = new ResponseBodyStream(server);
        body.write("part".getBytes(UTF_8));
        IllegalStateException writerFailed = new IllegalStateException("the writer failed");
        body.abort(writerFailed);
        body.abort(new IllegalStateException("a second abort"));

        assertThatThrownBy(() -> body.write(new byte[] {1}, 0, 1)).isInstanceOf(IOException.class)
                .hasMessage("the response was aborted").hasCauseReference(writerFailed);
        body.close();

        assertThat(server.closed).isFalse();
        assertThat(server.toString(UTF_8)).isEqualTo("part");
        assertThat(body.failure()).containsSame(writerFailed);
    }

    @Test
    void anAbortTakesPrecedenceOverAnEarlierWriteFailure() {
        IOException broken = new IOException("broken pipe");
        ResponseBodyStream body = new ResponseBodyStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw broken;
            }
        });
        assertThatThrownBy(() -> body.write(0)).isSameAs(broken);
        RuntimeException cause = new RuntimeException("streaming failed");
        body.abort(cause);

        assertThat(body.failure()).containsSame(cause);
    }
}
