package io.cutover.local.rehearsal;

import io.cutover.local.rehearsal.RehearsalOptions.ServerAddress;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * {@code local/rehearse}: parses the options, sends the logs to the output directory, runs a {@link Rehearsal}, and
 * exits 0 when it ended as expected and verified, 1 when not, 2 on bad options.
 */
public final class Rehearse {
    private Rehearse() {}

    public static void main(String[] args) throws Exception {
        PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        RehearsalOptions options;
        try {
            options = RehearsalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("local/rehearse: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (options.help()) {
            console.print(RehearsalOptions.usage());
            System.exit(0);
            return;
        }
        Path out = options.out().toAbsolutePath().normalize();
        Files.createDirectories(out);
        logTo(out);
        char[] sourcePassword = options.source().map(a -> password("source", a)).orElse(null);
        char[] targetPassword = options.target().map(a -> password("target", a)).orElse(null);
        Rehearsal rehearsal = new Rehearsal(options,
                () -> options.startsServers() ? RehearsalServers.start()
                        : RehearsalServers.connect(options.source().orElseThrow(), sourcePassword, options.target().orElseThrow(), targetPassword),
                console, System.console() != null && System.getenv("CI") == null, Clock.systemUTC());
        try {
            Rehearsal.Result result = rehearsal.run();
            System.exit(result.ok() ? 0 : 1);
        } catch (Exception e) {
            console.println("\nThe rehearsal failed: " + e);
            console.println("Logs: " + out.resolve("rehearsal.log"));
            e.printStackTrace(new PrintStream(Files.newOutputStream(out.resolve("rehearsal-error.txt")), true, StandardCharsets.UTF_8));
            System.exit(1);
        }
    }

    /** Log4j 2 (handlers, engine) to rehearsal.log; java.util.logging (the binlog client) to jul.log. */
    private static void logTo(Path out) throws IOException {
        System.setProperty("cutover.rehearsal.log", out.resolve("rehearsal.log").toString());
        if (System.getProperty("log4j2.configurationFile") == null && System.getProperty("log4j.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-rehearsal.xml");
        }
        LogManager.getLogManager().reset();
        FileHandler jul = new FileHandler(out.resolve("jul.log").toString(), true);
        jul.setFormatter(new SimpleFormatter());
        Logger root = Logger.getLogger("");
        root.addHandler(jul);
        root.setLevel(Level.INFO);
    }

    /** From CUTOVER_<SIDE>_PASSWORD, else asked on the terminal (never a command-line argument). */
    private static char[] password(String side, ServerAddress address) {
        String env = System.getenv("CUTOVER_" + side.toUpperCase(Locale.ROOT) + "_PASSWORD");
        if (env != null) {
            return env.toCharArray();
        }
        Console c = System.console();
        if (c == null) {
            System.err.println("local/rehearse: set CUTOVER_" + side.toUpperCase(Locale.ROOT) + "_PASSWORD (no terminal to ask on)");
            System.exit(2);
        }
        char[] p = c.readPassword("Password of %s on the %s server: ", address.user(), side);
        if (p == null) {
            System.exit(2);
        }
        return p;
    }
}
