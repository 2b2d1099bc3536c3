package relocate.bench;

import java.util.Map;

/**
 * The CPU a run used, from /proc at its start and its end: how busy the host's cores were (null where /proc/stat
 * cannot be read) and the CPU-seconds of each component of the stack.
 */
record CpuUse(Double hostBusyPercent, Map<String, Double> secondsByComponent) {

    /** The counters when a run starts. */
    record Start(HostCpu.Sample host, ProcessCpu.Sample processes) {
        /** What was used since. */
        CpuUse end() {
            return new CpuUse(HostCpu.busyPercent(host, HostCpu.now()), ProcessCpu.secondsBetween(processes,
                    ProcessCpu.now()));
        }
    }

    static Start start() {
        return new Start(HostCpu.now(), ProcessCpu.now());
    }
}
