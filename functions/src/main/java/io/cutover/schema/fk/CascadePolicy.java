package io.cutover.schema.fk;

/**
 * What to do with foreign keys whose ON DELETE / ON UPDATE rule changes child rows (CASCADE, SET NULL,
 * SET DEFAULT). The source's InnoDB applies those changes inside the engine and never writes them to the
 * binlog, so DMS cannot replicate them: only the same constraint, active on the target, can repeat them.
 */
public enum CascadePolicy {
    /**
     * Keep such constraints on the target during the load and CDC (the default). The full load runs with
     * foreign key checks off (tables load in any order); the task stops after the cached changes, the target
     * endpoint's init statement is switched to checks on, and CDC resumes in transactional apply mode, where
     * the target's cascades repeat the source's.
     */
    KEEP_CASCADING,
    /** Refuse to migrate a source with such constraints; the report explains why and what to change. */
    BLOCK
}
