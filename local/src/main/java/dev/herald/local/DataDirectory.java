package dev.herald.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The data directory of one runtime, held with an exclusive lock on {@code <dir>/.lock} for as long
 * as the runtime runs: a second {@code herald up} on the same directory fails at once with a
 * message, instead of two processes writing the same databases. {@link #close()} releases it.
 */
final class DataDirectory implements AutoCloseable {
    private final Path root;
    private final FileChannel channel;
    private final FileLock lock;

    private DataDirectory(Path root, FileChannel channel, FileLock lock) {
        this.root = root;
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirectory lock(Path dir) {
        Path root = dir.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(root);
            channel = FileChannel.open(root.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new IllegalStateException(busy(root));
            }
            return new DataDirectory(root, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new IllegalStateException(busy(root), e);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("cannot use the data directory " + root + "; check that it is writable", e);
        } catch (IllegalStateException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    Path root() {
        return root;
    }

    Path path(String name) {
        return root.resolve(name);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    private static String busy(Path root) {
        return "another herald up is using the data directory " + root + "; stop it, or pass --data-dir <another directory>";
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }
}
