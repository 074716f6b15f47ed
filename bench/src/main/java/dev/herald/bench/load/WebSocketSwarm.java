package dev.herald.bench.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many WebSocket clients on one selector thread: a minimal RFC 6455 client (handshake, unmasked
 * server frames, fragmented text, ping/pong, close), so that 10,000 connections cost a few MB and
 * one thread instead of what 10,000 JDK {@code WebSocket}s cost. Each complete text frame is handed
 * to the {@link FrameListener} on the selector thread with {@link System#nanoTime()} at arrival.
 * At most {@code maxPendingHandshakes} handshakes are in flight: every one runs the
 * {@code $connect} function, whose concurrency is limited.
 */
final class WebSocketSwarm implements AutoCloseable {
    /** Called on the selector thread; must be quick. */
    interface FrameListener {
        void onText(int client, String text, long arrivedNanos);
    }

    private final URI endpoint;
    private final FrameListener listener;
    private final int maxPendingHandshakes;
    private final Selector selector;
    private final Thread thread;
    private final Queue<Client> toConnect = new ConcurrentLinkedQueue<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong frames = new AtomicLong();
    private final ArrayDeque<Client> waiting = new ArrayDeque<>();
    private int pending;
    private volatile boolean closing;

    WebSocketSwarm(URI endpoint, FrameListener listener, int maxPendingHandshakes) throws IOException {
        this.endpoint = endpoint;
        this.listener = listener;
        this.maxPendingHandshakes = maxPendingHandshakes;
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().daemon().name("ws-swarm").start(this::loop);
    }

    /** Starts connecting one client per token (ids 0..n-1 in this call's order, after earlier calls' clients). */
    void connect(List<String> tokens, int firstId) {
        for (int i = 0; i < tokens.size(); i++) {
            toConnect.add(new Client(firstId + i, tokens.get(i)));
        }
        selector.wakeup();
    }

    int open() {
        return open.get();
    }

    int refused() {
        return refused.get();
    }

    long frames() {
        return frames.get();
    }

    /** Waits until {@code n} clients are open or refused, or the timeout passes; returns how many are open. */
    int awaitConnected(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (open.get() + refused.get() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        return open.get();
    }

    @Override
    public void close() {
        closing = true;
        selector.wakeup();
        try {
            thread.join(10_000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void loop() {
        ByteBuffer read = ByteBuffer.allocateDirect(256 * 1024);
        try {
            while (!closing) {
                Client c;
                while ((c = toConnect.poll()) != null) {
                    waiting.add(c);
                }
                while (pending < maxPendingHandshakes && !waiting.isEmpty()) {
                    start(waiting.poll());
                }
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    Client client = (Client) key.attachment();
                    try {
                        if (key.isConnectable()) {
                            client.channel.finishConnect();
                            key.interestOps(SelectionKey.OP_READ);
                            client.write(handshake(client.token));
                        } else if (key.isReadable()) {
                            read.clear();
                            int n = client.channel.read(read);
                            if (n < 0) {
                                client.fail();
                                continue;
                            }
                            read.flip();
                            client.received(read);
                        }
                    } catch (IOException e) {
                        client.fail();
                    }
                }
                selector.selectedKeys().clear();
            }
            for (SelectionKey key : selector.keys()) {
                ((Client) key.attachment()).closeQuietly();
            }
        } catch (IOException e) {
            throw new IllegalStateException("websocket swarm selector failed: " + e, e);
        }
    }

    private void start(Client c) {
        try {
            c.channel = SocketChannel.open();
            c.channel.configureBlocking(false);
            c.channel.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()));
            c.channel.register(selector, SelectionKey.OP_CONNECT, c);
            pending++;
        } catch (IOException e) {
            refused.incrementAndGet();
        }
    }

    private ByteBuffer handshake(String token) {
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        String path = (endpoint.getPath() == null || endpoint.getPath().isEmpty() ? "/" : endpoint.getPath()) + "?token=" + token;
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + endpoint.getHost() + ":" + endpoint.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
                + "\r\nSec-WebSocket-Version: 13\r\nUser-Agent: herald-bench\r\n\r\n";
        return ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    }

    private final class Client {
        final int id;
        final String token;
        SocketChannel channel;
        boolean upgraded;
        boolean done;
        /** Bytes not yet parsed: the handshake answer, then frames. */
        ByteBuffer buffer = ByteBuffer.allocate(512);
        /** A fragmented text message being assembled, or null. */
        java.io.ByteArrayOutputStream fragments;

        Client(int id, String token) {
            this.id = id;
            this.token = token;
        }

        void write(ByteBuffer data) throws IOException {
            while (data.hasRemaining()) {
                channel.write(data);
            }
        }

        void received(ByteBuffer data) throws IOException {
            if (buffer.remaining() < data.remaining()) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + data.remaining()));
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
            buffer.put(data);
            buffer.flip();
            if (!upgraded && !readHandshake()) {
                buffer.compact();
                return;
            }
            while (upgraded && readFrame()) {
                // one frame consumed
            }
            buffer.compact();
            if (buffer.capacity() > 64 * 1024 && buffer.position() == 0) {
                buffer = ByteBuffer.allocate(512);
            }
        }

        /** @return true once the 101 answer has been read (and consumed) */
        private boolean readHandshake() {
            int end = -1;
            for (int i = buffer.position(); i + 3 < buffer.limit(); i++) {
                if (buffer.get(i) == '\r' && buffer.get(i + 1) == '\n' && buffer.get(i + 2) == '\r' && buffer.get(i + 3) == '\n') {
                    end = i + 4;
                    break;
                }
            }
            if (end < 0) {
                return false;
            }
            byte[] head = new byte[end - buffer.position()];
            buffer.get(head);
            pending--;
            if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101")) {
                upgraded = true;
                open.incrementAndGet();
                return true;
            }
            done = true;
            refused.incrementAndGet();
            closeQuietly();
            return false;
        }

        /** @return true when a whole frame was consumed */
        private boolean readFrame() throws IOException {
            int start = buffer.position();
            if (buffer.remaining() < 2) {
                return false;
            }
            int b0 = buffer.get() & 0xff;
            int b1 = buffer.get() & 0xff;
            long length = b1 & 0x7f;
            if (length == 126) {
                if (buffer.remaining() < 2) {
                    buffer.position(start);
                    return false;
                }
                length = buffer.getShort() & 0xffff;
            } else if (length == 127) {
                if (buffer.remaining() < 8) {
                    buffer.position(start);
                    return false;
                }
                length = buffer.getLong();
            }
            int maskBytes = (b1 & 0x80) != 0 ? 4 : 0;
            if (buffer.remaining() < maskBytes + length) {
                buffer.position(start);
                return false;
            }
            buffer.position(buffer.position() + maskBytes);
            byte[] payload = new byte[(int) length];
            buffer.get(payload);
            int opcode = b0 & 0x0f;
            boolean fin = (b0 & 0x80) != 0;
            switch (opcode) {
                case 0x1, 0x0 -> text(payload, fin, opcode == 0x1);
                case 0x9 -> write(frame(0xA, payload));
                case 0x8 -> {
                    closeQuietly();
                    return false;
                }
                default -> {
                    // binary and pong frames are not expected; ignored
                }
            }
            return true;
        }

        private void text(byte[] payload, boolean fin, boolean first) {
            if (first && fin) {
                deliver(payload);
                return;
            }
            if (first || fragments == null) {
                fragments = new java.io.ByteArrayOutputStream();
            }
            fragments.writeBytes(payload);
            if (fin) {
                deliver(fragments.toByteArray());
                fragments = null;
            }
        }

        private void deliver(byte[] text) {
            frames.incrementAndGet();
            listener.onText(id, new String(text, StandardCharsets.UTF_8), System.nanoTime());
        }

        /** A client frame: always masked (RFC 6455 5.3). */
        private ByteBuffer frame(int opcode, byte[] payload) {
            ByteBuffer out = ByteBuffer.allocate(2 + 4 + payload.length + 8);
            out.put((byte) (0x80 | opcode));
            if (payload.length < 126) {
                out.put((byte) (0x80 | payload.length));
            } else {
                out.put((byte) (0x80 | 126));
                out.putShort((short) payload.length);
            }
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            out.put(mask);
            for (int i = 0; i < payload.length; i++) {
                out.put((byte) (payload[i] ^ mask[i % 4]));
            }
            return out.flip();
        }

        void fail() {
            if (!upgraded && !done) {
                pending--;
                refused.incrementAndGet();
            } else if (upgraded && !done) {
                open.decrementAndGet();
            }
            done = true;
            closeQuietly();
        }

        void closeQuietly() {
            try {
                if (upgraded && !done && channel.isOpen()) {
                    write(frame(0x8, new byte[] {0x03, (byte) 0xe8}));
                    open.decrementAndGet();
                    done = true;
                }
                channel.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }
}
