package io.cutover.core.catalog;

/**
 * A DEFINER as information_schema shows it: {@code user@host} (MySQL and MariaDB), sometimes quoted
 * ({@code `user`@`host`}, {@code 'user'@'host'}). A user name may contain '@', so the host starts after the last one.
 */
public record Definer(String user, String host) {

    public static Definer parse(String definer) {
        if (definer == null || definer.isBlank()) {
            return new Definer("", "");
        }
        String d = definer.trim();
        int at = d.lastIndexOf('@');
        if (at < 0) {
            return new Definer(unquote(d), ""); // a role or a definer without host
        }
        return new Definer(unquote(d.substring(0, at)), unquote(d.substring(at + 1)));
    }

    public boolean isEmpty() {
        return user.isEmpty();
    }

    /** The account as people write it: {@code 'user'@'host'}. */
    public String account() {
        return "'" + user + "'@'" + host + "'";
    }

    private static String unquote(String s) {
        String t = s.trim();
        if (t.length() >= 2) {
            char first = t.charAt(0);
            char last = t.charAt(t.length() - 1);
            if ((first == '`' || first == '\'' || first == '"') && last == first) {
                return t.substring(1, t.length() - 1);
            }
        }
        return t;
    }
}
