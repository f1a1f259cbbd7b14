package io.cutover.core.ports;

import io.cutover.core.ports.approval.ApprovalStore;
import io.cutover.core.config.Env;
import java.time.Clock;

/**
 * Everything a handler may touch outside the JVM. A handler's no-arg constructor (Lambda) uses
 * {@link io.cutover.core.aws.AwsPorts}; its {@code (Ports)} constructor takes local stand-ins (tests, rehearsal).
 * Implementations create adapters lazily: nothing may connect during initialisation (SnapStart).
 */
public interface Ports {
    Databases databases();

    Secrets secrets();

    Artifacts artifacts();

    /** Progress, reports and notices for whoever follows the migration (the notification topic): never an approval link. */
    Notifier notifier();

    /**
     * The approvers' channel (the approvals topic, to which only approvers subscribe): the approval requests and
     * reminders, which carry the links, and nothing else.
     */
    Notifier approvalNotifier();

    TaskCallbacks callbacks();

    Metrics metrics();

    Replication replication();

    Snapshots snapshots();

    ApprovalStore approvals();

    /** Where the application reads its database endpoint: what the application switch changes (and reverses). */
    ApplicationEndpoints applicationEndpoints();

    Clock clock();

    /**
     * Deployment settings (the variables named in {@link Env}): the function's environment in AWS, given by the
     * test or the rehearsal locally (e.g. where the local approval page is served).
     */
    default Env env() {
        return Env.system();
    }
}
