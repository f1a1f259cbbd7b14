package io.cutover.core.db;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the server says it is, from {@code version} / {@code version_comment} / {@code aurora_version}. */
public record ServerInfo(String version, String versionComment, String auroraVersion, ServerFlavor flavor,
                         int major, int minor, int patch) {
    private static final Pattern NUMBERS = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    public static ServerInfo of(String version, String versionComment, String auroraVersion) {
        String v = version == null ? "" : version;
        ServerFlavor flavor = v.toLowerCase(Locale.ROOT).contains("mariadb")
                ? ServerFlavor.MARIADB
                : auroraVersion != null ? ServerFlavor.AURORA_MYSQL : ServerFlavor.MYSQL;
        Matcher m = NUMBERS.matcher(v);
        int major = 0, minor = 0, patch = 0;
        if (m.find()) {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
            patch = Integer.parseInt(m.group(3));
        }
        return new ServerInfo(v, versionComment, auroraVersion, flavor, major, minor, patch);
    }

    public boolean isMariaDb() {
        return flavor == ServerFlavor.MARIADB;
    }

    /** True when the version is at least major.minor.patch (within the same flavor's numbering). */
    public boolean atLeast(int major, int minor, int patch) {
        if (this.major != major) return this.major > major;
        if (this.minor != minor) return this.minor > minor;
        return this.patch >= patch;
    }

    public String describe() {
        return switch (flavor) {
            case MARIADB -> "MariaDB " + major + "." + minor + "." + patch;
            case AURORA_MYSQL -> "Aurora MySQL " + auroraVersion + " (MySQL " + major + "." + minor + "." + patch + ")";
            case MYSQL -> "MySQL " + major + "." + minor + "." + patch;
        };
    }
}
