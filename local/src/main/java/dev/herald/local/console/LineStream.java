package dev.herald.local.console;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;

/**
 * An output stream that hands on whole lines (without the line end). Writers that share it (the host's logback,
 * one logback per function jar, {@code System.out.println}) each write whole lines, so lines never mix.
 */
abstract class LineStream extends OutputStream {
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(1024);

    /** One line, without its {@code \n}. */
    abstract void line(byte[] bytes);

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            emit();
        } else {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (b[i] == '\n') {
                pending.write(b, start, i - start);
                emit();
                start = i + 1;
            }
        }
        pending.write(b, start, off + len - start);
    }

    private void emit() {
        byte[] bytes = pending.toByteArray();
        pending.reset();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        line(n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n));
    }
}
