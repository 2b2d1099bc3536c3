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
        @Option(names = "--tenant-root", paramLabel = "SCHEMA.TABLE.COLUMN", description = "a tenant root the foreign "
                + "keys do not reveal: a table whose one-column primary key is the domain's key (repeatable)")
        java.util.List<String> tenantRoots = java.util.List.of();
        @Option(names = "--select", paramLabel = "SCHEMA.TABLE.COLUMN", description = "a table whose rows are a "
                + "domain's by this column (the domain's key under another name; repeatable)")
        java.util.List<String> selectBy = java.util.List.of();
        @Option(names = "--global", paramLabel = "SCHEMA.TABLE", description = "a table shared by every domain: "
                + "never moved (repeatable)")
        java.util.List<String> globals = java.util.List.of();
        @Option(names = "--ignore", paramLabel = "SCHEMA.TABLE", description = "a table left alone: not moved, "
                + "not checked (repeatable)")
        java.util.List<String> ignored = java.util.List.of();

        @Option(names = "--blob-dir", description = "blobs: a directory holding them")
        String blobDir;
        @Option(names = "--s3-bucket", description = "blobs: an S3-API bucket holding them")
        String s3Bucket;
        @Option(names = "--s3-endpoint", description = "the S3 endpoint URL (default: AWS)")
        String s3Endpoint;
        @Option(names = "--s3-region", description = "default: us-east-1")
        String s3Region;
        @Option(names = "--s3-prefix", description = "prepended to every key")
        String s3Prefix;
        @Option(names = "--s3-virtual-hosted", description = "virtual-hosted-style requests (default: path-style)")
        boolean s3VirtualHosted;
        @Option(names = "--s3-access-key", description = "the access key id")
        String s3AccessKey;
        @Option(names = "--s3-secret-env", defaultValue = "RELOCATE_S3_SECRET",
                description = "the environment variable holding the secret key (default: ${DEFAULT-VALUE})")
        String s3SecretEnv;
        @Option(names = "--blob-list-query", description = "SQL listing a domain's blobs (key, size, content type); "
                + "its one parameter (?) is the domain")
        String blobListQuery;
        @Option(names = "--blob-list-prefix", description = "or: a domain's blobs are the keys under this prefix "
                + "(default: {domain}/)")
        String blobListPrefix;

        @Option(names = "--dns-server", description = "DNS: the zone's authoritative server, host[:port]")
        String dnsServer;
        @Option(names = "--dns-zone", description = "the zone, e.g. apps.example.")
        String dnsZone;
        @Option(names = "--dns-record", description = "the domain's record, e.g. {domain}.apps.example.")
        String dnsRecord;
        @Option(names = "--dns-address", description = "what the record points at in this environment (a CNAME target)")
        String dnsAddress;
        @Option(names = "--dns-key-name", description = "the TSIG key's name")
        String dnsKeyName;
        @Option(names = "--dns-key-env", defaultValue = "RELOCATE_DNS_KEY",
                description = "the environment variable holding the TSIG key's secret (default: ${DEFAULT-VALUE})")
        String dnsKeyEnv;
        @Option(names = "--dns-ttl", description = "the TTL lowered to ahead of the cut-over (default: 60)")
        Integer dnsTtl;

        @Override
        public void run() {
            String secret = password != null ? new String(password) : System.getenv().getOrDefault(passwordEnv, "");
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("jdbcUrl", jdbcUrl);
            body.put("user", user);
            body.put("password", secret);
            body.put("tenantColumn", tenantColumn);
            body.put("tenantRoots", tenantRoots);
            body.put("selectBy", selectBy);
            body.put("globals", globals);
            body.put("ignored", ignored);
            body.put("blobStore", blobStore());
            body.put("dns", dns());
            JsonNode e = coordinator.client().put("/environments/" + CoordinatorClient.segment(name), body);
            System.out.println("environment " + e.get("name").asText() + " registered: " + e.get("jdbcUrl").asText()
                    + " as " + e.get("user").asText() + (e.get("passwordSet").asBoolean() ? " (password set)" : " (no password)")
                    + (e.hasNonNull("blobStore") ? ", blobs in " + e.get("blobStore").get("kind").asText() : "")
                    + (e.hasNonNull("dns") ? ", record " + e.get("dns").get("record").asText() : "")
                    + (e.path("declarations").asText("").isEmpty() ? "" : "; declared: " + e.get("declarations").asText()));
        }

        private Map<String, Object> blobStore() {
            if (blobDir == null && s3Bucket == null) {
                return null;
            }
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("kind", blobDir != null ? "fs" : "s3");
            b.put("path", blobDir);
            b.put("bucket", s3Bucket);
            b.put("endpoint", s3Endpoint);
            b.put("region", s3Region);
            b.put("prefix", s3Prefix);
            b.put("pathStyle", !s3VirtualHosted);
            b.put("accessKeyId", s3AccessKey);
            b.put("secretAccessKey", s3AccessKey == null ? null : System.getenv(s3SecretEnv));
            b.put("listQuery", blobListQuery);
            b.put("listPrefix", blobListPrefix);
            return b;
        }

        private Map<String, Object> dns() {
            if (dnsServer == null) {
                return null;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            int colon = dnsServer.lastIndexOf(':');
            d.put("server", colon > 0 ? dnsServer.substring(0, colon) : dnsServer);
            d.put("port", colon > 0 ? Integer.valueOf(dnsServer.substring(colon + 1)) : null);
            d.put("zone", dnsZone);
            d.put("record", dnsRecord);
            d.put("address", dnsAddress);
            d.put("keyName", dnsKeyName);
            d.put("keySecret", System.getenv(dnsKeyEnv));
            d.put("ttl", dnsTtl);
            return d;
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
