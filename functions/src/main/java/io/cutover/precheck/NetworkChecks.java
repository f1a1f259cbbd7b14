package io.cutover.precheck;

import io.cutover.core.config.DmsTls;
import io.cutover.core.config.MigrationConfig;
import io.cutover.core.db.Database;
import io.cutover.core.db.DatabaseRole;
import io.cutover.core.ports.Secrets;
import io.cutover.precheck.framework.CheckContext;
import io.cutover.precheck.framework.CheckDefinition;
import io.cutover.precheck.framework.CheckGroup;
import io.cutover.precheck.framework.CheckGroup.RunsOn;
import io.cutover.precheck.framework.CheckGroup.Side;
import io.cutover.precheck.framework.CheckResult;
import io.cutover.precheck.framework.Checks;
import io.cutover.precheck.framework.Fact;
import io.cutover.precheck.framework.ServerVariables;
import io.cutover.precheck.framework.Severity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * TLS and network as DMS will meet them (catalog ids {@code nt-*}): the endpoints' SSL mode against what each
 * server offers and requires, TLS 1.2 and its ciphers, the DMS accounts' host patterns. Reachability from the
 * replication instance and the endpoint timeouts are DMS settings the servers cannot see: they need a person.
 */
@RunsOn(Side.BOTH)
public final class NetworkChecks implements CheckGroup {
    static final CheckDefinition TLS_MODE = new CheckDefinition("nt-tls-mode",
            "The DMS SSL mode matches what the servers offer and require", Severity.BLOCKER,
            "A server with require_secure_transport = ON (or a DMS user created REQUIRE SSL) refuses DMS when its "
                    + "endpoint uses SSL mode none (error 3159); a server without TLS refuses DMS endpoints that require it; "
                    + "verify-ca and verify-full need the CA certificate of that server.",
            "Set dms.sourceSslMode / dms.targetSslMode to verify-full (or verify-ca) with dms.sourceCertificateArn (your source's "
                    + "CA) and dms.targetCertificateArn (the RDS global bundle for Aurora), and enable TLS on a self-managed "
                    + "source (ssl_cert, ssl_key, ssl_ca).");
    static final CheckDefinition TLS_VERSION = new CheckDefinition("nt-tls-version-ciphers",
            "TLS 1.2 with current ciphers is offered", Severity.WARNING,
            "DMS connects to MySQL endpoints with TLS 1.2 only (not 1.3); Aurora MySQL 8.4 allows only GCM cipher suites.",
            "Allow TLSv1.2 in tls_version on the server named, with at least one GCM cipher suite.");
    static final CheckDefinition REACHABILITY = new CheckDefinition("nt-reachability-dns-bandwidth",
            "The replication instance reaches both databases", Severity.BLOCKER,
            "Security groups, network ACLs, VPN routes and DNS decide whether DMS reaches the source; bandwidth must carry "
                    + "the binlog generation rate. None of it is visible from the databases.",
            "Run DMS test-connection for both endpoints (the replication phase does), resolve on-premises host names "
                    + "(Route 53 Resolver), and size the link for the binlog bytes per hour.");
    static final CheckDefinition ACCOUNT_HOST = new CheckDefinition("nt-account-host-match",
            "The DMS accounts accept connections from the replication instance", Severity.WARNING,
            "A DMS account limited to localhost or to other hosts than the replication instance's private address fails "
                    + "to authenticate in ways that look like network errors.",
            "Create the DMS user for the replication instance's subnet (e.g. 'dms'@'10.0.%') or for '%' with TLS required.");
    static final CheckDefinition ENDPOINT_TIMEOUTS = new CheckDefinition("nt-endpoint-timeouts",
            "DMS endpoint timeouts suit large tables", Severity.INFO,
            "Endpoint ConnectionTimeout (default 10 s) and ExecuteTimeout (default 60 s) can fail slow metadata queries "
                    + "or large scans on busy sources.",
            "Raise ExecuteTimeout in the DMS source endpoint settings for sources with very large tables.");

    private static final List<String> VARIABLES = List.of("have_ssl", "require_secure_transport", "tls_version");
    private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "::1");

    private final Secrets secrets;

    public NetworkChecks(Secrets secrets) {
        this.secrets = secrets;
    }

    @Override
    public List<CheckResult> run(CheckContext context) {
        Fact<ServerVariables> src = Fact.of(() -> ServerVariables.read(context.source(), VARIABLES));
        Fact<ServerVariables> tgt = Fact.of(() -> ServerVariables.read(context.target(), VARIABLES));
        MigrationConfig config = context.config();
        Fact<List<DmsUsers.Account>> srcAccounts = Fact.of(() -> DmsUsers.accounts(context.source(),
                DmsUsers.username(secrets, config, DatabaseRole.SOURCE)));
        Fact<List<DmsUsers.Account>> tgtAccounts = Fact.of(() -> DmsUsers.accounts(context.target(),
                DmsUsers.username(secrets, config, DatabaseRole.TARGET)));
        return new Checks()
                .run(TLS_MODE, () -> tlsMode(config, src.get(), tgt.get(), srcAccounts.get(), tgtAccounts.get()))
                .run(TLS_VERSION, () -> tlsVersion(config, context.source(), context.target(), src.get(), tgt.get()))
                .run(REACHABILITY, () -> REACHABILITY.needsManualConfirmation("the databases cannot tell whether the DMS "
                        + "replication instance reaches them; the replication phase's DMS test-connection proves it"))
                .run(ACCOUNT_HOST, () -> accountHosts(srcAccounts.get(), tgtAccounts.get()))
                .run(ENDPOINT_TIMEOUTS, () -> ENDPOINT_TIMEOUTS.needsManualConfirmation("endpoint settings live in DMS, not "
                        + "in the databases; Cutover leaves DMS's defaults unless the endpoint settings override them"))
                .results();
    }

    private static CheckResult tlsMode(MigrationConfig config, ServerVariables src, ServerVariables tgt,
                                       List<DmsUsers.Account> srcAccounts, List<DmsUsers.Account> tgtAccounts) {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (DatabaseRole side : DatabaseRole.values()) {
            DmsTls tls = config.dms().tls(side);
            String mode = tls.sslMode().toLowerCase(Locale.ROOT);
            boolean none = !tls.encrypted();
            ServerVariables vars = side == DatabaseRole.SOURCE ? src : tgt;
            List<DmsUsers.Account> accounts = side == DatabaseRole.SOURCE ? srcAccounts : tgtAccounts;
            boolean offersTls = offersTls(vars);
            seen.add(side.label() + ": " + tls.modeField() + " " + mode + ", " + (offersTls ? "TLS available" : "no TLS") + ", "
                    + vars.show("require_secure_transport"));
            if (none && vars.isOn("require_secure_transport")) {
                problems.add(side.label() + " has require_secure_transport = ON but " + tls.modeField() + " is none (error 3159)");
            }
            for (DmsUsers.Account account : accounts) {
                if (none && account.sslType() != null && !account.sslType().isBlank()) {
                    problems.add(side.label() + " account " + account.name() + " is REQUIRE " + account.sslType()
                            + " but " + tls.modeField() + " is none");
                }
            }
            if (!none && !offersTls) {
                problems.add(side.label() + " offers no TLS (" + vars.show("have_ssl") + ") but " + tls.modeField() + " is " + mode);
            }
            if (tls.verifiesServer() && tls.certificateArn() == null) {
                problems.add(tls.modeField() + " " + mode + " needs the CA certificate of the " + side.label() + " server: "
                        + tls.certificateField() + " is not set");
            }
        }
        String found = String.join("; ", seen);
        if (problems.isEmpty()) {
            return TLS_MODE.passed(found);
        }
        return TLS_MODE.failed(String.join("; ", problems), problems);
    }

    /** have_ssl YES (MySQL 5.7, MariaDB), or no have_ssl (MySQL 8.4 removed it; TLS is on by default) with TLS versions. */
    static boolean offersTls(ServerVariables vars) {
        String have = vars.value("have_ssl");
        if (have != null) {
            return have.equalsIgnoreCase("YES");
        }
        String versions = vars.value("tls_version");
        return versions != null && !versions.isBlank();
    }

    private static CheckResult tlsVersion(MigrationConfig config, Database source, Database target, ServerVariables src,
                                          ServerVariables tgt) {
        List<String> problems = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (DatabaseRole side : DatabaseRole.values()) {
            ServerVariables vars = side == DatabaseRole.SOURCE ? src : tgt;
            DmsTls tls = config.dms().tls(side);
            if (!tls.encrypted()) {
                seen.add(side.label() + ": " + tls.modeField() + " none, DMS does not use TLS");
                continue;
            }
            if (!offersTls(vars)) {
                continue; // nt-tls-mode reports it
            }
            List<String> versions = vars.value("tls_version") == null ? List.of()
                    : Arrays.stream(vars.value("tls_version").split(",")).map(String::trim).toList();
            seen.add(side.label() + " tls_version = " + String.join(",", versions));
            if (!versions.isEmpty() && !versions.contains("TLSv1.2")) {
                problems.add(side.label() + " does not offer TLSv1.2 (" + vars.show("tls_version") + ")");
            }
            Database db = side == DatabaseRole.SOURCE ? source : target;
            String ciphers = ServerStatements.globalStatus(db, "Ssl_cipher_list").orElse("");
            if (!ciphers.isBlank()) {
                boolean aead = Arrays.stream(ciphers.split(":")).anyMatch(c -> c.contains("GCM") || c.contains("CHACHA20"));
                if (!aead) {
                    problems.add(side.label() + " offers only CBC cipher suites");
                }
            }
        }
        if (problems.isEmpty()) {
            return TLS_VERSION.passed(seen.isEmpty() ? "no side offers TLS (see nt-tls-mode)" : String.join("; ", seen));
        }
        return TLS_VERSION.failed(String.join("; ", problems), problems);
    }

    private static CheckResult accountHosts(List<DmsUsers.Account> srcAccounts, List<DmsUsers.Account> tgtAccounts) {
        List<String> localOnly = new ArrayList<>();
        List<String> specific = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (var side : List.of(java.util.Map.entry("source", srcAccounts), java.util.Map.entry("target", tgtAccounts))) {
            List<DmsUsers.Account> accounts = side.getValue();
            if (accounts.isEmpty()) {
                continue; // pr-dms-auth-plugin reports a missing account
            }
            List<String> hosts = accounts.stream().map(DmsUsers.Account::host).toList();
            String shown = side.getKey() + " " + accounts.get(0).user() + "@{" + String.join(", ", hosts) + "}";
            seen.add(shown);
            if (hosts.stream().allMatch(h -> LOCAL_HOSTS.contains(h.toLowerCase(Locale.ROOT)))) {
                localOnly.add(shown + " accepts local connections only");
            } else if (!hosts.contains("%")) {
                specific.add(shown);
            }
        }
        if (!localOnly.isEmpty()) {
            return ACCOUNT_HOST.failed(String.join("; ", localOnly), localOnly);
        }
        if (!specific.isEmpty()) {
            return ACCOUNT_HOST.needsManualConfirmation("host patterns " + String.join("; ", specific)
                    + ": confirm one matches the replication instance's private address", specific);
        }
        return ACCOUNT_HOST.passed(seen.isEmpty() ? "no DMS account found (see pr-dms-auth-plugin)" : String.join("; ", seen));
    }
}
