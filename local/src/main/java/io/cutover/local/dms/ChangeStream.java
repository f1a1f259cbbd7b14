package io.cutover.local.dms;

import io.cutover.core.db.BinlogPosition;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The hand-over between the binlog reader and the applier: complete source transactions in commit order,
 * bounded (the reader waits when the applier is far behind, as DMS's capture does), plus what the statistics
 * need (what was read and not yet applied, when the newest transaction was read).
 *
 * <p>Transactions that touch no selected table are not queued; the reader reports their end as a boundary,
 * so that an idle stream still knows how far it has read (the checkpoint moves on with the binlog).
 */
final class ChangeStream {
    private final int capacity;
    private final Deque<SourceTransaction> queue = new ArrayDeque<>();
    private long queuedChanges;
    private BinlogPosition lastBoundary;
    private SourceTransaction newestRead;
    private boolean connected;
    private boolean closed;
    private String failure;

    /** @param capacity how many row changes may wait before the reader is held back */
    ChangeStream(int capacity, BinlogPosition start) {
        this.capacity = capacity;
        this.lastBoundary = start;
    }

    /** Queues a transaction; waits while the queue is full. False when the stream was closed meanwhile. */
    synchronized boolean offer(SourceTransaction transaction) throws InterruptedException {
        while (!closed && queuedChanges >= capacity && !queue.isEmpty()) {
            wait(100);
        }
        if (closed) {
            return false;
        }
        queue.addLast(transaction);
        queuedChanges += transaction.size();
        lastBoundary = transaction.end();
        newestRead = transaction;
        notifyAll();
        return true;
    }

    /** The end of a transaction that needed nothing from the engine. */
    synchronized void boundary(BinlogPosition position) {
        lastBoundary = position;
    }

    /** The next transaction, waiting up to {@code millis}; null if none came. */
    synchronized SourceTransaction poll(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (queue.isEmpty() && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        SourceTransaction next = queue.pollFirst();
        if (next != null) {
            queuedChanges -= next.size();
            notifyAll();
        }
        return next;
    }

    /** The next transaction if one is waiting, without waiting. */
    synchronized SourceTransaction pollNow() {
        SourceTransaction next = queue.pollFirst();
        if (next != null) {
            queuedChanges -= next.size();
            notifyAll();
        }
        return next;
    }

    /** With nothing queued: everything up to this position has been handed over. Null while transactions wait. */
    synchronized BinlogPosition idleBoundary() {
        return queue.isEmpty() ? lastBoundary : null;
    }

    synchronized long queuedChanges() {
        return queuedChanges;
    }

    /** Commit time of the oldest queued transaction, or -1. */
    synchronized long oldestQueuedCommitMillis() {
        SourceTransaction first = queue.peekFirst();
        return first == null ? -1 : first.commitMillis();
    }

    synchronized SourceTransaction newestRead() {
        return newestRead;
    }

    synchronized void connected() {
        connected = true;
        notifyAll();
    }

    synchronized boolean isConnected() {
        return connected;
    }

    /** The reader gave up (e.g. the binlog position is gone): the task fails with this message. */
    synchronized void fail(String message) {
        if (failure == null) {
            failure = message;
        }
        notifyAll();
    }

    synchronized String failure() {
        return failure;
    }

    /** Waits until the reader is connected or failed, up to {@code millis}. */
    synchronized boolean awaitConnected(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!connected && failure == null && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return connected;
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
