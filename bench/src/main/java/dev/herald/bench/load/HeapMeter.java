package dev.herald.bench.load;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/** Heap in use after full collections, and direct buffer memory: what a set of live objects costs. */
final class HeapMeter {
    private HeapMeter() {
    }

    /** Bytes of heap in use after three {@link System#gc()} (a full collection with G1 and Serial). */
    static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes in the JVM's direct buffer pool (Jetty and Netty buffers live there, outside the heap). */
    static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }
}
