package io.cutover.approval;

/** Test access to the page's name cleaning. */
public final class ApprovalCallbackNames {
    private ApprovalCallbackNames() {}

    public static String clean(String value, int max) {
        return ApprovalCallback.clean(value, max);
    }
}
