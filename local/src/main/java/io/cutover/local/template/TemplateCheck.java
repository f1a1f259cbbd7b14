package io.cutover.local.template;

import java.util.List;

/** One offline check of a SAM template: every problem found, as a message that names the resource and the fault. */
public interface TemplateCheck {
    List<String> problems(SamTemplate template);
}
