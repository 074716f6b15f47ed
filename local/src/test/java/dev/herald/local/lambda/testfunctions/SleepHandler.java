package dev.herald.local.lambda.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/**
 * Sleeps {@code millis}; with {@code ignoreInterrupts} it keeps sleeping through interrupts, as a
 * handler stuck in blocking code would.
 */
public class SleepHandler implements RequestHandler<Map<String, Object>, String> {
    @Override
    public String handleRequest(Map<String, Object> input, Context context) {
        long millis = ((Number) input.get("millis")).longValue();
        boolean ignoreInterrupts = Boolean.TRUE.equals(input.get("ignoreInterrupts"));
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            try {
                Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                if (!ignoreInterrupts) {
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
            }
        }
        return "slept " + millis;
    }
}
