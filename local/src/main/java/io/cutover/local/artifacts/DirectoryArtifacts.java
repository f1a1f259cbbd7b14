package io.cutover.local.artifacts;

import io.cutover.core.ports.Artifacts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The rehearsal's artifacts store: each key is a file under one directory ({@code migrations/<id>/…} as in the
 * S3 bucket), so a person can open the reports the handlers wrote. Writes go to a temporary file first and are
 * moved into place, so a reader never sees half an artifact. Keys are checked: no absolute paths, no {@code ..},
 * no empty segments (a key must never escape the directory).
 */
public final class DirectoryArtifacts implements Artifacts {
    private final Path root;

    public DirectoryArtifacts(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifacts directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public String put(String key, byte[] body, String contentType) {
        Path file = file(key);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), ".put-", ".tmp");
            try {
                Files.write(tmp, body);
                try {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing artifact " + key, e);
        }
        return file.toUri().toString();
    }

    @Override
    public Optional<byte[]> get(String key) {
        try {
            return Optional.of(Files.readAllBytes(file(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("reading artifact " + key, e);
        }
    }

    /** Every key stored, sorted. */
    public List<String> keys() {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith(".put-"))
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root, e);
        }
    }

    private Path file(String key) {
        if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\") || key.contains("\0")) {
            throw new IllegalArgumentException("artifact key '" + key + "' is not a relative path");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("artifact key '" + key + "' has an empty, '.' or '..' segment");
            }
        }
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("artifact key '" + key + "' leaves the artifacts directory");
        }
        return file;
    }
}
