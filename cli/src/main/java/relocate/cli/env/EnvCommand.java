package relocate.cli.env;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import relocate.cli.api.CoordinatorClient;
import relocate.cli.api.CoordinatorOptions;
import relocate.cli.output.Table;

@Command(name = "env", description = "Register and list environments (a database Relocate moves domains from or to).",
        subcommands = {EnvCommand.Add.class, EnvCommand.List.class})
public final class EnvCommand {

    @Command(name = "add", description = "Register (or replace) an environment. The password is stored sealed and never shown.")
    static final class Add implements Runnable {
        @Mixin
        CoordinatorOptions coordinator;
        @Parameters(index = "0", description = "the environment's name, e.g. eu-prod")
        String name;
        @Option(names = "--jdbc-url", required = true, description = "e.g. jdbc:postgresql://db.eu:5432/app")
        String jdbcUrl;
        @Option(names = "--user", required = true)
        String user;
        @Option(names = "--password-env", description = "the environment variable holding the password (default: RELOCATE_DB_PASSWORD)",
                defaultValue = "RELOCATE_DB_PASSWORD")
        String passwordEnv;
        @Option(names = "--password", interactive = true, arity = "0..1",
                description = "prompt for the password (or give it with --password-env)")
        char[] password;
        @Option(names = "--tenant-column", defaultValue = "domain", description = "the column naming a row's domain (default: ${DEFAULT-VALUE})")
        String tenantColumn;

        @Override
        public void run() {
            String secret = password != null ? new String(password) : System.getenv().getOrDefault(passwordEnv, "");
            Map<String, String> body = new LinkedHashMap<>();
            body.put("jdbcUrl", jdbcUrl);
            body.put("user", user);
            body.put("password", secret);
            body.put("tenantColumn", tenantColumn);
            JsonNode e = coordinator.client().put("/environments/" + CoordinatorClient.segment(name), body);
            System.out.println("environment " + e.get("name").asText() + " registered: " + e.get("jdbcUrl").asText()
                    + " as " + e.get("user").asText() + (e.get("passwordSet").asBoolean() ? " (password set)" : " (no password)"));
        }
    }

    @Command(name = "list", description = "List the registered environments.")
    static final class List implements Runnable {
        @Mixin
        CoordinatorOptions coordinator;

        @Override
        public void run() {
            Table t = new Table("NAME", "JDBC URL", "USER", "TENANT COLUMN", "PASSWORD");
            for (JsonNode e : coordinator.client().get("/environments")) {
                t.row(e.get("name").asText(), e.get("jdbcUrl").asText(), e.get("user").asText(),
                        e.get("tenantColumn").asText(), e.get("passwordSet").asBoolean() ? "set" : "none");
            }
            t.print(System.out);
        }
    }
}
