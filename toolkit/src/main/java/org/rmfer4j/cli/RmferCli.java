package org.rmfer4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Locations;
import org.rmfer4j.core.RmferException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The toolkit's command line, behind the {@code ./rmfer} launcher. One class per subcommand; each calls the same
 * library API that notebooks and JShell use.
 */
@Command(
        name = "rmfer",
        mixinStandardHelpOptions = true,
        versionProvider = RmferCli.Version.class,
        description = "rmfer4j: semi-supervised contrastive FER with Reaction Mashup videos (RMFER), in Java.",
        subcommands = {
            DemoCommand.class,
            DatasetsCommand.class,
            SynthCommand.class,
            RmsetCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            ImportCommand.class,
            InferCommand.class,
            FiguresCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "'./rmfer test' (run by the launcher, not this class) runs the whole test suite."})
public final class RmferCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs a command line and returns its exit code (2 for bad input, with a one-line message, no stack trace). */
    public static int execute(String... args) {
        return execute(new RmferCli(), args);
    }

    /**
     * Runs {@code command} (a picocli command object of another module, e.g. the benchmark's) with the CLI's error
     * handling.
     */
    public static int execute(Object command, String... args) {
        CommandLine cl = new CommandLine(command);
        // every path option also takes a URI (hdfs://..., s3a://...) where a route to it is on the class path
        cl.registerConverter(Path.class, Locations::of);
        cl.setExecutionExceptionHandler((ex, cmd, parse) -> {
            PrintWriter err = cmd.getErr();
            if (ex instanceof RmferException && System.getenv("RMFER_DEBUG") == null) {
                err.println("error: " + ex.getMessage());
            } else if ((ex instanceof IOException || ex instanceof UncheckedIOException)
                    && System.getenv("RMFER_DEBUG") == null) {
                // an I/O failure that escaped a wrapper: one line, the disk-full case named (RMFER_DEBUG=1 for the
                // trace)
                Throwable io = ex instanceof UncheckedIOException u ? u.getCause() : ex;
                err.println("error: " + (AtomicFiles.isDiskFull(io) ? "no space left on device: " : "")
                        + ex.getMessage() + (io != ex && io.getMessage() != null ? " (" + io.getMessage() + ")" : ""));
            } else {
                ex.printStackTrace(err);
            }
            err.flush();
            return 2;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Version from the jar manifest, or "dev". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = RmferCli.class.getPackage().getImplementationVersion();
            return new String[] {"rmfer4j " + (v == null ? "dev" : v)};
        }
    }
}
