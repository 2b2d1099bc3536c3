package relocate.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LocalStackIT {

    @TempDir
    Path temp;

    @BeforeEach
    void letThePostgresUserThrough() throws IOException {
        // JUnit makes its folder rwx------; when the tests run as root, PostgreSQL runs as 'postgres'
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void postgresRunsQueriesAndRejectsAWrongPassword() throws SQLException {
        LocalStack stack = LocalStack.forTests();
        StackEndpoints endpoints = stack.endpoints();
        String database = "stack it's; db"; // created through the name quoting, not around it
        stack.createDatabase(database);
        stack.createDatabase(database); // a second time is not an error
        String url = endpoints.jdbcUrl(database);

        try (Connection superuser = DriverManager.getConnection(url, endpoints.postgresUser(), "");
             Statement sql = superuser.createStatement()) {
            try (ResultSet rs = sql.executeQuery("SELECT current_database(), 6 * 7")) {
                assertTrue(rs.next());
                assertEquals(database, rs.getString(1));
                assertEquals(42, rs.getInt(2));
            }
            sql.execute("DROP ROLE IF EXISTS stack_it_app");
            sql.execute("CREATE ROLE stack_it_app LOGIN PASSWORD 'right-secret'");
        }

        try (Connection app = DriverManager.getConnection(url, "stack_it_app", "right-secret");
             ResultSet rs = app.createStatement().executeQuery("SELECT current_user")) {
            assertTrue(rs.next());
            assertEquals("stack_it_app", rs.getString(1));
        }
        SQLException wrong = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url, "stack_it_app", "wrong-secret").close());
        assertEquals("28P01", wrong.getSQLState(), wrong.getMessage()); // invalid_password
    }

    @Test
    void kafkaCarriesARecordFromProducerToConsumer() throws Exception {
        String bootstrap = LocalStack.forTests().endpoints().bootstrapServers();
        String topic = "stack-it-" + UUID.randomUUID();
        String value = "hello " + UUID.randomUUID();

        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(60, TimeUnit.SECONDS);
        }

        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "stack-it");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> received = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (received.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    received.add(record.value());
                }
            }
        }
        assertEquals(List.of(value), received);
    }

    @Test
    void registryAnswersItsConfluentApi() throws Exception {
        String registryUrl = LocalStack.forTests().endpoints().registryUrl();

        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(registryUrl + "/subjects")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("["), response.body());
    }

    @Test
    void secondUpIsANoOp() {
        LocalStack stack = LocalStack.forTests();
        List<ComponentStatus> before = stack.status();

        StackEndpoints again = stack.up();

        assertEquals(before, stack.status());
        assertEquals(stack.endpoints(), again);
        assertEquals(List.of("postgres", "kafka", "registry", "dns"),
                before.stream().map(ComponentStatus::name).toList());
        before.forEach(component -> assertTrue(component.running() && component.pid() > 0, component.toString()));
    }

    @Test
    void aPortTakenByAnotherProcessFailsNamingThePortAndItsVariable() throws Exception {
        try (ServerSocket foreign = new ServerSocket()) {
            foreign.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            StackPorts free = StackPorts.free();
            int taken = foreign.getLocalPort();
            LocalStack stack = LocalStack.at(temp.resolve("state"),
                    new StackPorts(free.postgres(), free.kafka(), free.kafkaController(), taken, free.dns()));

            StackException e = assertThrows(StackException.class, stack::up);

            assertTrue(e.getMessage().contains("port " + taken), e.getMessage());
            assertTrue(e.getMessage().contains("RELOCATE_REGISTRY_PORT"), e.getMessage());
            assertTrue(e.getMessage().contains("registry"), e.getMessage());
            stack.status().forEach(component -> assertFalse(component.running(), "started: " + component));
        }
    }

    @Test
    void dnsServerAnswersItsZoneAndTakesOnlyUpdatesSignedWithTheStackKey() throws Exception {
        StackEndpoints endpoints = LocalStack.forTests().endpoints();
        DnsServerEndpoint dns = endpoints.dns();
        SimpleResolver resolver = resolver(dns);

        Message seeded = resolver.send(query("acme.apps." + dns.zone(), Type.CNAME));
        assertTrue(seeded.getHeader().getFlag(Flags.AA), seeded.toString());
        assertEquals(Name.fromString("env-a.relocate.test."),
                ((CNAMERecord) seeded.getSection(Section.ANSWER).get(0)).getTarget());

        Name name = Name.fromString("stack-it-" + UUID.randomUUID() + "." + dns.zone());
        assertEquals(Rcode.REFUSED, resolver.send(addAddress(dns, name, "127.0.0.2")).getRcode());
        assertEquals(Rcode.NXDOMAIN, resolver.send(query(name.toString(), Type.A)).getRcode());

        resolver.setTSIGKey(new TSIG(dns.keyAlgorithm(), dns.keyName(), dns.keySecret()));
        Message signed = resolver.send(addAddress(dns, name, "127.0.0.2"));
        assertEquals(Rcode.NOERROR, signed.getRcode(), signed.toString());
        assertTrue(signed.isVerified(), "the server signs its answer with the same key");
        assertEquals("127.0.0.2", address(resolver.send(query(name.toString(), Type.A))));
    }

    @Test
    void endpointsPrintWithoutTheDnsKeySecret() {
        StackEndpoints endpoints = LocalStack.forTests().endpoints();
        String secret = endpoints.dns().keySecret();

        assertEquals(44, secret.length(), "32 bytes in base64");
        assertFalse(endpoints.toString().contains(secret), endpoints.toString());
        assertFalse(endpoints.dns().toString().contains(secret), endpoints.dns().toString());
        assertTrue(endpoints.toString().contains(endpoints.dns().keyName()), endpoints.toString());
    }

    @Test
    void aDnsPortTakenForUdpOnlyFailsNamingItsVariable() throws Exception {
        StackPorts free = StackPorts.free();
        try (DatagramSocket foreign = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                free.dns()))) {
            LocalStack stack = LocalStack.at(temp.resolve("dns-state"), free);

            StackException e = assertThrows(StackException.class, stack::up);

            assertTrue(e.getMessage().contains("port " + foreign.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("RELOCATE_DNS_PORT"), e.getMessage());
            stack.status().forEach(component -> assertFalse(component.running(), "started: " + component));
        }
    }

    @Test
    void downLeavesNoProcessOfTheStackAlive() throws Exception {
        Path state = temp.resolve("cli-state");
        LocalStack stack = LocalStack.at(state, StackPorts.free());
        try {
            stack.up();
            List<ComponentStatus> started = stack.status();
            // what the CLI does: a new LocalStack on the same folder finds the running servers
            LocalStack.at(state, StackPorts.free()).up();
            assertEquals(started, stack.status());
            dnsKeepsAnUpdatedRecordAcrossARestart(stack);
            started = stack.status();
            List<ProcessHandle> processes = new ArrayList<>();
            for (ComponentStatus component : started) {
                ProcessHandle server = ProcessHandle.of(component.pid()).orElseThrow();
                processes.add(server);
                server.descendants().forEach(processes::add); // PostgreSQL's backends
            }

            stack.down();

            for (ProcessHandle process : processes) {
                assertFalse(process.isAlive(), "still alive: " + process.pid() + " " + process.info().commandLine());
            }
            stack.status().forEach(component -> {
                assertFalse(component.running(), component.toString());
                assertEquals(-1, component.pid(), component.toString());
            });
        } finally {
            stack.down();
        }
    }

    /** Named stopped alone (SIGTERM) comes back with the next up(), with the records updates gave it. */
    private static void dnsKeepsAnUpdatedRecordAcrossARestart(LocalStack stack) throws Exception {
        DnsServerEndpoint dns = stack.endpoints().dns();
        SimpleResolver resolver = resolver(dns);
        resolver.setTSIGKey(new TSIG(dns.keyAlgorithm(), dns.keyName(), dns.keySecret()));
        Name name = Name.fromString("restart." + dns.zone());
        assertEquals(Rcode.NOERROR, resolver.send(addAddress(dns, name, "127.0.0.3")).getRcode());
        ProcessHandle named = stack.status().stream().filter(c -> c.name().equals("dns"))
                .map(c -> ProcessHandle.of(c.pid()).orElseThrow()).findFirst().orElseThrow();
        named.destroy();
        named.onExit().get(30, TimeUnit.SECONDS);

        stack.up();

        assertEquals("127.0.0.3", address(resolver.send(query(name.toString(), Type.A))));
        assertEquals(dns, stack.endpoints().dns(), "same port, same key");
    }

    private static SimpleResolver resolver(DnsServerEndpoint dns) {
        SimpleResolver resolver = new SimpleResolver(new InetSocketAddress(dns.host(), dns.port()));
        resolver.setTCP(true);
        resolver.setTimeout(Duration.ofSeconds(10));
        return resolver;
    }

    private static Message query(String name, int type) throws IOException {
        return Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
    }

    private static Update addAddress(DnsServerEndpoint dns, Name name, String address) throws IOException {
        Update update = new Update(Name.fromString(dns.zone()));
        update.add(name, Type.A, 60, address);
        return update;
    }

    private static String address(Message answer) {
        assertEquals(Rcode.NOERROR, answer.getRcode(), answer.toString());
        return ((ARecord) answer.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }
}
