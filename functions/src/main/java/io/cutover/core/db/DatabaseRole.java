package io.cutover.core.db;

/** Which side of the migration a connection is to; used in messages ("source: …") and logs. */
public enum DatabaseRole {
    SOURCE, TARGET;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
