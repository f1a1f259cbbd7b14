package io.cutover.schema;

/**
 * A fixture of PackageRulesTest (not a test): a class of a feature that reads a handler's result record, which the
 * package rule "logic does not know handlers" must report. It lives among the tests, so the rules' real run (main
 * classes only) never sees it.
 */
public final class LogicThatKnowsAHandler {
    private LogicThatKnowsAHandler() {}

    public static boolean ok(CreateTargetSchemaHandler.Result result) {
        return result.ok();
    }
}
