package io.cutover.precheck.framework;

/**
 * PASSED / FAILED are answers. COULD_NOT_CHECK (permission denied, timeout, …) is not an answer and never
 * counts as passed: for a blocker-severity check it blocks. NEEDS_MANUAL_CONFIRMATION is for what a server
 * cannot tell (application behaviour, network paths); it is reported, never silently assumed fine.
 */
public enum CheckStatus { PASSED, FAILED, COULD_NOT_CHECK, NEEDS_MANUAL_CONFIRMATION }
