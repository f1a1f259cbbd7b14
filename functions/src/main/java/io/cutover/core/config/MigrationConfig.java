package io.cutover.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.cutover.core.db.DatabaseRole;
import java.util.List;

/**
 * The validated execution input with every default filled in. The "Validate input" state returns it and
 * every later state passes it to its Lambda as {@code config}. It names secrets and never holds one.
 * Defaults live here (not in the JSON Schema) so that the state shows the effective values.
 */
public record MigrationConfig(
        String migrationId,
        Boolean dryRun,
        Endpoint source,
        Endpoint target,
        List<String> schemas,
        Readiness readiness,
        Dms dms,
        Approval approval,
        Cutover cutover,
        PostGoLive postGoLive,
        List<DefinerMapping> definers,
        @com.fasterxml.jackson.annotation.JsonProperty("switch") Switch appSwitch) {

    /** Without a definer mapping (an account not mapped keeps the source's definer when it exists on the target). */
    public MigrationConfig(String migrationId, Boolean dryRun, Endpoint source, Endpoint target, List<String> schemas, Readiness readiness,
                           Dms dms, Approval approval, Cutover cutover, PostGoLive postGoLive) {
        this(migrationId, dryRun, source, target, schemas, readiness, dms, approval, cutover, postGoLive, null, null);
    }

    /** Without an application switch ({@code switch} absent: Cutover announces "ready to switch" and waits for nobody). */
    public MigrationConfig(String migrationId, Boolean dryRun, Endpoint source, Endpoint target, List<String> schemas, Readiness readiness,
                           Dms dms, Approval approval, Cutover cutover, PostGoLive postGoLive, List<DefinerMapping> definers) {
        this(migrationId, dryRun, source, target, schemas, readiness, dms, approval, cutover, postGoLive, definers, null);
    }

    /** {@code source}: the definer on the source ({@code user@host}); {@code target}: the account that owns it on the target. */
    public record DefinerMapping(String source, String target) {}

    public MigrationConfig {
        definers = definers == null ? List.of() : List.copyOf(definers);
        dryRun = dryRun != null && dryRun;
        schemas = schemas == null ? List.of() : List.copyOf(schemas);
        readiness = readiness != null ? readiness : new Readiness(null);
        dms = dms != null ? dms : new Dms(null, null, null, null, null, null, null, null, null, null, null, null, null);
        approval = approval != null ? approval : new Approval(null, null, null);
        cutover = cutover != null ? cutover : new Cutover(null, null, null, null, null, null, null);
        postGoLive = postGoLive != null ? postGoLive : new PostGoLive(null);
        appSwitch = appSwitch != null ? appSwitch : Switch.NONE;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    public enum TlsMode { DISABLED, REQUIRED, VERIFY_CA, VERIFY_IDENTITY }

    public record Tls(TlsMode mode, String caBundleSecretId) {
        public Tls {
            mode = mode != null ? mode : TlsMode.VERIFY_IDENTITY;
        }

        public static Tls disabled() {
            return new Tls(TlsMode.DISABLED, null);
        }
    }

    /**
     * A database: the secret to connect with, TLS, and side-specific settings. Target only:
     * {@code databaseCharacterSet} / {@code databaseCollation}, the defaults of the databases 2.5 creates
     * (null: as on the source).
     */
    public record Endpoint(String secretId, Tls tls, String serverTimezone, String clusterIdentifier,
                           String databaseCharacterSet, String databaseCollation) {
        public Endpoint {
            tls = tls != null ? tls : new Tls(null, null);
        }

        public Endpoint(String secretId, Tls tls, String serverTimezone, String clusterIdentifier) {
            this(secretId, tls, serverTimezone, clusterIdentifier, null, null);
        }
    }

    /** {@code acceptedBlockers}: blockers a person accepted with a reason (io.cutover.precheck.AcceptedBlockers). */
    public record Readiness(Integer plannedMigrationHours, List<AcceptedBlocker> acceptedBlockers) {
        public Readiness {
            plannedMigrationHours = plannedMigrationHours != null ? plannedMigrationHours : 72;
            acceptedBlockers = acceptedBlockers == null ? List.of() : List.copyOf(acceptedBlockers);
        }

        public Readiness(Integer plannedMigrationHours) {
            this(plannedMigrationHours, null);
        }
    }

    /** One accepted blocker: the check's id, the objects accepted (empty: all of them), and why. */
    public record AcceptedBlocker(String check, List<String> objects, String reason) {
        public AcceptedBlocker {
            objects = objects == null ? List.of() : List.copyOf(objects);
        }
    }

    /**
     * DMS settings. TLS is per endpoint ({@link #tls}): {@code sourceSslMode} / {@code targetSslMode} (default: the
     * shorthand {@code sslMode} for both, else verify-full) and the CA each endpoint verifies its server against,
     * {@code sourceCertificateArn} / {@code targetCertificateArn} (a self-managed source's CA is not the RDS bundle).
     */
    public record Dms(
            String replicationInstanceArn,
            String sourceEndpointArn,
            String targetEndpointArn,
            String sourceSecretId,
            String targetSecretId,
            String secretsAccessRoleArn,
            String sslMode,
            String sourceSslMode,
            String sourceCertificateArn,
            String targetSslMode,
            String targetCertificateArn,
            JsonNode taskSettings,
            Assessment assessment) {
        public Dms {
            sourceSslMode = sourceSslMode != null ? sourceSslMode : sslMode != null ? sslMode : DmsTls.DEFAULT_MODE;
            targetSslMode = targetSslMode != null ? targetSslMode : sslMode != null ? sslMode : DmsTls.DEFAULT_MODE;
            taskSettings = taskSettings != null ? taskSettings : JsonNodeFactory.instance.objectNode();
            assessment = assessment != null ? assessment : new Assessment(null, null, null);
        }

        /** The TLS settings of the DMS endpoint of {@code side}. */
        public DmsTls tls(DatabaseRole side) {
            return side == DatabaseRole.SOURCE
                    ? new DmsTls(side, sourceSslMode, sourceCertificateArn)
                    : new DmsTls(side, targetSslMode, targetCertificateArn);
        }
    }

    public record Assessment(Boolean enabled, String resultsBucket, String serviceRoleArn) {
        public Assessment {
            enabled = enabled == null || enabled;
        }
    }

    public record Approval(Integer freezeTimeoutSeconds, Integer cutoverTimeoutSeconds, Integer reminderBeforeExpirySeconds) {
        public Approval {
            freezeTimeoutSeconds = freezeTimeoutSeconds != null ? freezeTimeoutSeconds : 4 * 3600;
            cutoverTimeoutSeconds = cutoverTimeoutSeconds != null ? cutoverTimeoutSeconds : 3600;
            reminderBeforeExpirySeconds = reminderBeforeExpirySeconds != null ? reminderBeforeExpirySeconds : 900;
        }
    }

    public record Cutover(
            Integer maxLagSeconds,
            Integer lagHoldSeconds,
            Integer drainHoldSeconds,
            Integer drainTimeoutSeconds,
            Validation validation,
            Double rollbackWindowHours,
            String dmsTaskOnRollback) {
        public Cutover {
            maxLagSeconds = maxLagSeconds != null ? maxLagSeconds : 5;
            lagHoldSeconds = lagHoldSeconds != null ? lagHoldSeconds : 60;
            drainHoldSeconds = drainHoldSeconds != null ? drainHoldSeconds : 0;
            drainTimeoutSeconds = drainTimeoutSeconds != null ? drainTimeoutSeconds : 600;
            validation = validation != null ? validation : new Validation(null, null, null, null, null);
            rollbackWindowHours = rollbackWindowHours != null ? rollbackWindowHours : 24.0;
            dmsTaskOnRollback = dmsTaskOnRollback != null ? dmsTaskOnRollback : "STOP";
        }
    }

    /**
     * {@code preFreezePass}: validate once while CDC still runs, before the freeze approval (its verdict is evidence
     * for the approver, and with checksums the pass after the freeze re-verifies only what changed since, which keeps
     * the frozen window short). Default true.
     */
    /**
     * {@code exactCounts} (default false): after the freeze, the exact COUNT(*) of every table and partition even where
     * the binlog, the foreign-key closure, the source's write counters and the target's write counters aligned with the
     * binlog (a baseline copied on the target when DMS applies the pre-freeze pass's marker) show every write. A row
     * inserted, updated or deleted on the target behind DMS's back makes its table's target counter differ from the
     * source's row events, and that table alone is verified in full; where the alignment cannot be made (performance_schema
     * off on either side, no baseline, batch apply) every table is counted anyway and the plan says why. True counts
     * every table regardless (docs/cutover-and-validation.md).
     */
    public record Validation(Boolean checksums, Integer tablesPerBatch, Integer chunkTargetMillis, Boolean preFreezePass, Boolean exactCounts) {
        public Validation {
            exactCounts = exactCounts != null && exactCounts;
            checksums = checksums == null || checksums;
            preFreezePass = preFreezePass == null || preFreezePass;
            tablesPerBatch = tablesPerBatch != null ? tablesPerBatch : 25;
            chunkTargetMillis = chunkTargetMillis != null ? chunkTargetMillis : 500;
        }
    }

    public record PostGoLive(Integer checkAfterSeconds) {
        public PostGoLive {
            checkAfterSeconds = checkAfterSeconds != null ? checkAfterSeconds : 3600;
        }
    }

    /**
     * The application switch after "8 Notify: ready to switch" (docs/operations.md, "The application switch"): the
     * automated actions given (each optional; performed in this order: parameter, secret, route53, lambda) and then,
     * when {@code acknowledge} (default true once {@code switch} is given), a person's acknowledgement that the
     * application now writes to the target; the rollback window starts after it. Absent: no action and no
     * acknowledgement ({@link #NONE}). Every automated action records the value it replaced and the rollback path
     * restores it.
     */
    public record Switch(Boolean acknowledge, Integer acknowledgeTimeoutSeconds, ParameterAction parameter,
                         SecretAction secret, Route53Action route53, LambdaAction lambda) {
        public static final Switch NONE = new Switch(false, null, null, null, null, null);

        public Switch {
            acknowledge = acknowledge == null || acknowledge;
            acknowledgeTimeoutSeconds = acknowledgeTimeoutSeconds != null ? acknowledgeTimeoutSeconds : 3600;
        }

        /** True when Cutover changes something the application reads (any action but the acknowledgement). */
        public boolean automated() {
            return parameter != null || secret != null || route53 != null || lambda != null;
        }
    }

    /** A Systems Manager Parameter Store parameter (String) the application reads its endpoint from, and its new value. */
    public record ParameterAction(String name, String value) {}

    /** A Secrets Manager secret (a JSON object) whose {@code field} (default {@code host}) names the endpoint. */
    public record SecretAction(String secretId, String field, String value) {
        public SecretAction {
            field = field != null ? field : "host";
        }
    }

    /**
     * A Route 53 record set UPSERTed to {@code value} (type default CNAME, TTL default 60 s); readiness checks that the
     * record's current TTL is at most {@code maxTtlSeconds} (default 300) so that clients follow the change soon.
     */
    public record Route53Action(String hostedZoneId, String recordName, String recordType, String value, Long ttl, Long maxTtlSeconds) {
        public Route53Action {
            recordType = recordType != null ? recordType : "CNAME";
            ttl = ttl != null ? ttl : 60L;
            maxTtlSeconds = maxTtlSeconds != null ? maxTtlSeconds : 300L;
        }
    }

    /**
     * A Lambda function of yours invoked (RequestResponse) with the switch's evidence, and again to reverse it;
     * {@code value}: the endpoint it should switch the application to (its payload's targetEndpoint when no parameter,
     * secret or record gives one).
     */
    public record LambdaAction(String functionName, String value) {}
}
