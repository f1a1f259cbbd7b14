package io.cutover.schema.deferred;

/**
 * The objects the runbook defers until after the cutover point, in the order they are created (6.1 phase 2):
 * procedures, functions, views (in dependency order), triggers, events.
 */
public enum ObjectType {
    PROCEDURE("SHOW CREATE PROCEDURE", "Create Procedure"),
    FUNCTION("SHOW CREATE FUNCTION", "Create Function"),
    VIEW("SHOW CREATE VIEW", "Create View"),
    TRIGGER("SHOW CREATE TRIGGER", "SQL Original Statement"),
    EVENT("SHOW CREATE EVENT", "Create Event");

    private final String showCreate;
    private final String createColumn;

    ObjectType(String showCreate, String createColumn) {
        this.showCreate = showCreate;
        this.createColumn = createColumn;
    }

    public String showCreate() {
        return showCreate;
    }

    public String createColumn() {
        return createColumn;
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Why SHOW CREATE may return no text for this type: the privilege it needs. */
    String privilegeHint() {
        return switch (this) {
            case PROCEDURE, FUNCTION -> "the Cutover user needs SHOW_ROUTINE (MySQL 8.0.20+), or SELECT on mysql.proc (5.7), "
                    + "or to be the routine's definer";
            case VIEW -> "the Cutover user needs SHOW VIEW and SELECT on the view";
            case TRIGGER -> "the Cutover user needs the TRIGGER privilege on the table";
            case EVENT -> "the Cutover user needs the EVENT privilege on the schema";
        };
    }
}
