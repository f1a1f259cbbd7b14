package io.cutover.cutover.validation;

import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Ports;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * The source and the target sessions of one validation step, opened at the same time, and work done on both at once:
 * opening a session is a TCP and authentication handshake plus the driver's set-up queries, and reading a catalogue a
 * few information_schema queries, so the two sides overlap instead of adding up (the freeze-time pass is mostly such
 * fixed costs). Each session is used by one thread at a time; {@link #close} closes both.
 */
final class BothSides implements AutoCloseable {
    /** One short-lived daemon thread per task: the tasks block on the network, and nothing is started at class load. */
    private static final Executor THREADS = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().name("cutover-side-", 0).factory());

    private final Database source;
    private final Database target;

    private BothSides(Database source, Database target) {
        this.source = source;
        this.target = target;
    }

    /** Both sides' results of one piece of work. */
    record Results<S, T>(S source, T target) {}

    /** Opens the source session on this thread and the target session on another, at the same time. */
    static BothSides open(Ports ports, MigrationConfig config) {
        return open(ports, config, db -> db);
    }

    /**
     * {@link #open} on other threads while the caller goes on (the plan reads its base pass's artifacts meanwhile);
     * {@link #await} takes the sessions, {@link #discard} closes them once open when the caller no longer needs them.
     */
    static CompletableFuture<BothSides> openInBackground(Ports ports, MigrationConfig config) {
        return CompletableFuture.supplyAsync(() -> open(ports, config), THREADS);
    }

    /** The sessions {@link #openInBackground} opened, or its failure as {@link #open} would have thrown it. */
    static BothSides await(CompletableFuture<BothSides> opening) {
        try {
            return opening.join();
        } catch (CompletionException e) {
            throw unwrapped(e);
        }
    }

    /** Closes the sessions of {@link #openInBackground} when they are open (nothing when opening failed). */
    static void discard(CompletableFuture<BothSides> opening) {
        opening.thenAccept(BothSides::close);
    }

    /**
     * Both sessions, each set up for comparing rows ({@link TableValidator#prepareSession}) on the thread that opened
     * it: the set-up's round trips overlap as the handshakes do.
     */
    static BothSides openForComparing(Ports ports, MigrationConfig config) {
        return open(ports, config, BothSides::prepared);
    }

    /** Each session opened and {@code setUp} on its own thread, the source's on this one. */
    private static BothSides open(Ports ports, MigrationConfig config, java.util.function.UnaryOperator<Database> setUp) {
        Results<Database, Database> opened = run(() -> setUp.apply(ports.databases().open(DatabaseRole.SOURCE, config.source())),
                () -> setUp.apply(ports.databases().open(DatabaseRole.TARGET, config.target())), Database::close, Database::close, THREADS);
        return new BothSides(opened.source(), opened.target());
    }

    private static Database prepared(Database db) {
        try {
            TableValidator.prepareSession(db);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    Database source() {
        return source;
    }

    Database target() {
        return target;
    }

    /**
     * {@code onSource} with the source session on this thread while {@code onTarget} runs with the target session on
     * another; returns when both are done. If either fails, its failure is thrown once the other has finished too (no
     * session is still in use when the caller closes it).
     */
    <S, T> Results<S, T> both(Function<Database, S> onSource, Function<Database, T> onTarget) {
        return run(() -> onSource.apply(source), () -> onTarget.apply(target), r -> {}, r -> {}, THREADS);
    }

    /**
     * {@code onSource} on this thread while {@code onTarget} runs on {@code threads}; returns when both are done, a
     * failure thrown once the other has finished too (for sessions held elsewhere: {@link TableValidator}'s).
     */
    static <S, T> Results<S, T> atOnce(java.util.function.Supplier<S> onSource, java.util.function.Supplier<T> onTarget, Executor threads) {
        return run(onSource, onTarget, r -> {}, r -> {}, threads);
    }

    /** {@code work} on both sessions at once. */
    <R> Results<R, R> both(Function<Database, R> work) {
        return both(work, work);
    }

    private static <S, T> Results<S, T> run(java.util.function.Supplier<S> onSource, java.util.function.Supplier<T> onTarget,
                                           java.util.function.Consumer<S> discardSource, java.util.function.Consumer<T> discardTarget,
                                           Executor threads) {
        CompletableFuture<T> other = CompletableFuture.supplyAsync(onTarget, threads);
        S s;
        try {
            s = onSource.get();
        } catch (RuntimeException | Error e) {
            try {
                T t = other.join();
                if (t != null) {
                    discardTarget.accept(t);
                }
            } catch (CompletionException ignored) {
                // the source's failure is the one reported
            }
            throw e;
        }
        try {
            return new Results<>(s, other.join());
        } catch (CompletionException e) {
            if (s != null) {
                discardSource.accept(s);
            }
            throw unwrapped(e);
        }
    }

    private static RuntimeException unwrapped(CompletionException e) {
        if (e.getCause() instanceof RuntimeException r) {
            return r;
        }
        if (e.getCause() instanceof Error r) {
            throw r;
        }
        return e;
    }

    @Override
    public void close() {
        try {
            source.close();
        } finally {
            target.close();
        }
    }
}
