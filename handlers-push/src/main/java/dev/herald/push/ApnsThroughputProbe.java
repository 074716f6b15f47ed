package dev.herald.push;

import dev.herald.common.delivery.ChannelMessage;
import dev.herald.common.json.Json;
import dev.herald.common.store.DeviceTokenStore.DeviceToken;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The push handler's own APNs sender (Pushy's {@code ApnsClient} with token authentication, the handler's in-flight
 * semaphore and its classification of APNs' answers), opened from the secret JSON the handler reads, for load tools
 * that measure it without the rest of the function ({@code ./herald bench apns}). The handler itself does not use
 * this class. Not thread-safe; close it when done.
 */
public final class ApnsThroughputProbe implements AutoCloseable {
    /** What a round of sends gave: pushes APNs accepted, and pushes it answered otherwise (or that failed). */
    public record Counts(int accepted, int otherwise) {
    }

    private final ApnsSender sender;

    private ApnsThroughputProbe(ApnsSender sender) {
        this.sender = sender;
    }

    /**
     * Opens a sender as the handler would, with {@code connections} HTTP/2 connections and at most
     * {@code maxInFlight} streams open.
     *
     * @throws IllegalArgumentException if the secret is not a valid APNs secret (the message names the field)
     */
    public static ApnsThroughputProbe open(String secretJson, String secretId, int connections, int maxInFlight) {
        return new ApnsThroughputProbe(ApnsSender.create(ApnsSettings.fromSecret(Json.tree(secretJson), secretId), connections, maxInFlight));
    }

    /**
     * Sends {@code message} to every device, {@code perCall} devices per send (a delivery to a user with that many
     * devices), and waits for every answer. A send blocks while the in-flight limit is reached, so the loop is paced
     * by APNs' answers.
     */
    public Counts send(ChannelMessage message, List<DeviceToken> devices, int perCall) throws InterruptedException, ExecutionException, TimeoutException {
        PushPayload payload = PushPayload.from(message);
        List<CompletableFuture<List<TokenResult>>> calls = new ArrayList<>();
        for (int from = 0; from < devices.size(); from += perCall) {
            calls.add(sender.send(payload, devices.subList(from, Math.min(devices.size(), from + perCall))));
        }
        int accepted = 0;
        int otherwise = 0;
        for (CompletableFuture<List<TokenResult>> call : calls) {
            for (TokenResult r : call.get(60, TimeUnit.SECONDS)) {
                if (r.kind() == TokenResult.Kind.DELIVERED) {
                    accepted++;
                } else {
                    otherwise++;
                }
            }
        }
        return new Counts(accepted, otherwise);
    }

    @Override
    public void close() {
        sender.close();
    }
}
