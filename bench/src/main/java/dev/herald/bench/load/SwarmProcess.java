package dev.herald.bench.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link WebSocketSwarm} in a process of its own, so that the runtime's heap holds only the server
 * side of the connections (and each process keeps under its file-descriptor limit). Arguments: the
 * WebSocket endpoint and a file with one token per line. It prints {@code CONNECTED <open> <refused>}
 * once every client is open or refused, then answers {@code COUNT} on stdin with
 * {@code FRAMES <count> <firstNanos> <lastNanos>} ({@link System#nanoTime()}: the same monotonic clock
 * as the parent's on Linux) and ends on {@code EXIT}.
 */
public final class SwarmProcess {
    private SwarmProcess() {
    }

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        List<String> tokens = Files.readAllLines(Path.of(args[1]));
        int maxPending = args.length > 2 ? Integer.parseInt(args[2]) : 16;
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        try (WebSocketSwarm swarm = new WebSocketSwarm(endpoint, (client, text, at) -> {
            first.compareAndSet(0, at);
            last.set(at);
        }, maxPending)) {
            swarm.connect(tokens, 0);
            swarm.awaitConnected(tokens.size(), 600_000);
            System.out.println("CONNECTED " + swarm.open() + " " + swarm.refused());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("EXIT")) {
                if (line.equals("COUNT")) {
                    System.out.println("FRAMES " + swarm.frames() + " " + first.get() + " " + last.get() + " " + swarm.open());
                    System.out.flush();
                }
            }
        }
    }
}
