package relocate.schemas.topic;

import java.util.List;

/** The Kafka topics of Relocate (see ARCHITECTURE.md, "Kafka"). */
public final class Topics {

    /** Commands for the dumper service (freeze, snapshot, stats, dump chunks). */
    public static final String CMD_DUMP = "relocate.cmd.dump";
    /** Commands for the loader service. */
    public static final String CMD_LOAD = "relocate.cmd.load";
    /** Commands for the blob service. */
    public static final String CMD_BLOB = "relocate.cmd.blob";
    /** Commands for the DNS service. */
    public static final String CMD_DNS = "relocate.cmd.dns";
    /** Every migration event, keyed by migration id so that one migration's events stay in order. */
    public static final String EVENTS = "relocate.events";
    /** Per-domain migration status, compacted, keyed by domain; written by the status topology. */
    public static final String STATUS = "relocate.status";
    /** Poison messages, with the reason they could not be handled. */
    public static final String DLQ = "relocate.dlq";

    /** The command topics, one per service. */
    public static final List<String> COMMANDS = List.of(CMD_DUMP, CMD_LOAD, CMD_BLOB, CMD_DNS);

    /** Every topic Relocate uses. */
    public static final List<String> ALL = List.of(CMD_DUMP, CMD_LOAD, CMD_BLOB, CMD_DNS, EVENTS, STATUS, DLQ);

    private Topics() {
    }
}
