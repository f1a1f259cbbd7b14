package io.cutover.precheck.framework;

/** How much a failed check matters: a blocker stops the migration, a warning is reported, info is for planning. */
public enum Severity { BLOCKER, WARNING, INFO }
