package relocate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import relocate.cli.api.ApiException;
import relocate.cli.demo.DemoCommand;
import relocate.cli.dns.DnsCommand;
import relocate.cli.env.EnvCommand;
import relocate.cli.offline.BlobCommand;
import relocate.cli.offline.DumpCommand;
import relocate.cli.offline.LoadCommand;
import relocate.cli.migration.AbortCommand;
import relocate.cli.migration.CleanupCommand;
import relocate.cli.migration.CreateCommand;
import relocate.cli.migration.ListCommand;
import relocate.cli.migration.RetryCommand;
import relocate.cli.migration.RunCommand;
import relocate.cli.migration.StatusCommand;
import relocate.cli.server.ServerCommand;
import relocate.cli.stack.StackCommand;
import relocate.cli.stats.StatsCommand;

/** The relocate command. */
@Command(name = "relocate", mixinStandardHelpOptions = true, version = "relocate 0.1.0",
        description = "Moves one tenant (domain) of a multi-tenant application from one environment to another.",
        subcommands = {DemoCommand.class, StackCommand.class, ServerCommand.class, EnvCommand.class,
                StatsCommand.class, CreateCommand.class, StatusCommand.class, ListCommand.class, AbortCommand.class,
                RetryCommand.class, RunCommand.class, CleanupCommand.class, DumpCommand.class, LoadCommand.class,
                DnsCommand.class, BlobCommand.class, relocate.cli.generate.GenerateCommand.class})
public final class Relocate implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Relocate());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            // our own failures carry a message for people; a driver's or the disk's too
            if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
                    || e instanceof java.io.IOException || e instanceof java.sql.SQLException
                    || e.getClass().getName().startsWith("relocate.")) {
                commandLine.getErr().println("relocate: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
