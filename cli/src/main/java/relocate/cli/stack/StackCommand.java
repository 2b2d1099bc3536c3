package relocate.cli.stack;

import picocli.CommandLine.Command;
import relocate.stack.ComponentStatus;
import relocate.stack.LocalStack;
import relocate.stack.StackEndpoints;

@Command(name = "stack", description = "The local stack: PostgreSQL, Kafka, a schema registry, a DNS server and the Relocate server, on 127.0.0.1.",
        subcommands = {StackCommand.Up.class, StackCommand.Down.class, StackCommand.Status.class})
public final class StackCommand {

    @Command(name = "up", description = "Start what is not running (a second `up` changes nothing) and print the endpoints.")
    static final class Up implements Runnable {
        @Override
        public void run() {
            LocalStack stack = LocalSetup.stack();
            StackEndpoints e = stack.up();
            System.out.println("PostgreSQL      " + e.jdbcUrl("<database>") + " (user " + e.postgresUser() + ")");
            System.out.println("Kafka           " + e.bootstrapServers());
            System.out.println("schema registry " + e.registryUrl());
            // the TSIG secret stays in its file: printed output ends up in terminals, logs and bug reports
            System.out.println("DNS (BIND)      " + e.dns().host() + ":" + e.dns().port() + " zone " + e.dns().zone()
                    + " (TSIG key " + e.dns().keyName() + ", " + e.dns().keyAlgorithm() + ", secret in "
                    + LocalSetup.stateDir().resolve("dns").resolve("tsig.key") + ")");
            System.out.println("Relocate        " + LocalSetup.coordinatorUrl());
            System.out.println("state and logs  " + LocalSetup.stateDir());
        }
    }

    @Command(name = "down", description = "Stop every process of the local stack (data is kept).")
    static final class Down implements Runnable {
        @Override
        public void run() {
            LocalSetup.stack().down();
            System.out.println("local stack stopped (data kept in " + LocalSetup.stateDir() + ")");
        }
    }

    @Command(name = "status", description = "Which processes of the local stack run, with their PIDs and endpoints.")
    static final class Status implements Runnable {
        @Override
        public void run() {
            relocate.cli.output.Table t = new relocate.cli.output.Table("COMPONENT", "STATE", "PID", "ENDPOINT");
            for (ComponentStatus s : LocalSetup.stack().status()) {
                t.row(s.name(), s.running() ? "running" : "stopped", s.pid() > 0 ? s.pid() : "", s.endpoint());
            }
            t.print(System.out);
        }
    }
}
