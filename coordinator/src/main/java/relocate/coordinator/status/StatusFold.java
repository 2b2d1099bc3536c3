package relocate.coordinator.status;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import relocate.coordinator.workflow.Work;
import relocate.schemas.BlobProgress;
import relocate.schemas.BlobReport;
import relocate.schemas.Event;
import relocate.schemas.MigrationCreated;
import relocate.schemas.MigrationState;
import relocate.schemas.MigrationStateChanged;
import relocate.schemas.MigrationStatus;
import relocate.schemas.ModelProgress;
import relocate.schemas.ModelMismatchInfo;
import relocate.schemas.ModelStat;
import relocate.schemas.Step;
import relocate.schemas.StepCompleted;
import relocate.schemas.StepFailed;
import relocate.schemas.StepProgressed;
import relocate.schemas.StepStarted;
import relocate.schemas.StepState;
import relocate.schemas.StepStatus;
import relocate.schemas.VerifyReport;

/**
 * Folds a domain's events into its status: the latest migration of the domain, each step's state,
 * progress and timing, and preflight's report. The migration's state is the coordinator's decision
 * (MigrationStateChanged), never re-derived here. One migration's events arrive in order (they share a
 * partition); two migrations' may not, so the status follows the migration created last. Pure: tested
 * without Kafka.
 */
public final class StatusFold {
    /** Steps that run beside the current one: their events do not move the status's current step. */
    private static final Set<Step> ALONGSIDE = Set.of(Step.BLOB_COPY, Step.DNS_PREPARE, Step.DNS_ROLLBACK);

    private StatusFold() {
    }

    public static MigrationStatus apply(MigrationStatus current, Event e) {
        Object payload = e.getPayload();
        MigrationStatus.Builder s;
        if (payload instanceof MigrationCreated created) {
            if (current != null && !current.getMigrationId().equals(e.getMigrationId())
                    && e.getOccurredAt().isBefore(current.getCreatedAt())) {
                // replaying from the start, events of two migrations of a domain interleave: the later one wins
                return current;
            }
            s = MigrationStatus.newBuilder()
                    .setCreatedAt(e.getOccurredAt())
                    .setDomain(e.getDomain()).setMigrationId(e.getMigrationId())
                    .setState(MigrationState.RUNNING).setReason(null)
                    .setSourceEnvironment(created.getSourceEnvironment())
                    .setTargetEnvironment(created.getTargetEnvironment())
                    .setCurrentStep(e.getStep()).setSteps(new ArrayList<>()).setPreflight(null).setEventCount(0);
        } else if (current == null) {
            // the migration's creation is older than what this topology has seen (e.g. topics trimmed)
            s = MigrationStatus.newBuilder()
                    .setCreatedAt(e.getOccurredAt())
                    .setDomain(e.getDomain()).setMigrationId(e.getMigrationId())
                    .setState(MigrationState.RUNNING).setReason(null)
                    .setCurrentStep(e.getStep()).setSteps(new ArrayList<>()).setPreflight(null).setEventCount(0);
        } else if (!current.getMigrationId().equals(e.getMigrationId())) {
            return current; // an event of another (older) migration of this domain
        } else {
            s = MigrationStatus.newBuilder(current).setSteps(new ArrayList<>(current.getSteps()));
        }
        s.setEventCount(s.getEventCount() + 1).setLastEventId(e.getEventId()).setUpdatedAt(e.getOccurredAt());

        if (e.getTask() != null && (payload instanceof StepStarted || payload instanceof StepProgressed
                || payload instanceof StepCompleted || payload instanceof StepFailed)) {
            task(s, e);
        } else if (payload instanceof MigrationStateChanged changed) {
            s.setState(changed.getState()).setReason(changed.getReason()).setCurrentStep(e.getStep());
        } else if (payload instanceof StepStarted) {
            StepStatus.Builder step = step(s.getSteps(), e);
            step.setState(StepState.RUNNING).setStartedAt(e.getOccurredAt()).setEndedAt(null).setMessage(null);
            put(s.getSteps(), step.build());
            s.setCurrentStep(e.getStep());
        } else if (payload instanceof StepProgressed p) {
            StepStatus.Builder step = step(s.getSteps(), e);
            step.setDone(p.getDone()).setTotal(p.getTotal()).setUnit(p.getUnit());
            put(s.getSteps(), step.build());
        } else if (payload instanceof StepCompleted c) {
            StepStatus.Builder step = step(s.getSteps(), e);
            step.setState(StepState.COMPLETED).setEndedAt(e.getOccurredAt()).setMessage(null);
            if (step.getTotal() > 0) {
                step.setDone(step.getTotal());
            }
            put(s.getSteps(), step.build());
            if (c.getPreflight() != null) {
                s.setPreflight(c.getPreflight());
            }
            if (e.getStep() == Step.STATS) {
                s.setSourceStats(c.getStats()).setModels(plannedModels(c));
            }
            if (e.getStep() == Step.VERIFY) {
                s.setVerify(merged(s.getVerify(), c.getVerify()));
            }
        } else if (payload instanceof StepFailed f) {
            StepStatus.Builder step = step(s.getSteps(), e);
            step.setState(StepState.FAILED).setEndedAt(e.getOccurredAt()).setMessage(f.getReason());
            put(s.getSteps(), step.build());
            if (f.getPreflight() != null) {
                s.setPreflight(f.getPreflight());
            }
            if (f.getVerify() != null) {
                s.setVerify(merged(s.getVerify(), f.getVerify()));
            }
        }
        return s.build();
    }

    /**
     * An event about one task of a step split in many (a chunk of DUMP or LOAD): the step runs from its
     * first task's start; each chunk done counts toward its model's progress and the step's; the step is
     * complete when its last task (the manifest, the sequences) is.
     */
    private static void task(MigrationStatus.Builder s, Event e) {
        StepStatus.Builder step = step(s.getSteps(), e);
        Object payload = e.getPayload();
        String task = e.getTask();
        boolean checkedAlongsideLoad = e.getStep() == Step.VERIFY && s.getSteps().stream()
                .anyMatch(x -> x.getStep() == Step.LOAD && x.getState() != StepState.COMPLETED);
        if (verifyStartsOver(s, e)) {
            // what the earlier attempt found describes a target that has changed since: the new one checks all
            s.setVerify(null);
            if (s.getBlobs() != null) {
                s.setBlobs(BlobProgress.newBuilder(s.getBlobs()).setVerify(null).build());
            }
        }
        if (!ALONGSIDE.contains(e.getStep()) && !checkedAlongsideLoad) {
            s.setCurrentStep(e.getStep());
        }
        if (payload instanceof StepStarted) {
            if (step.getState() != StepState.RUNNING) {
                step.setState(StepState.RUNNING).setStartedAt(e.getOccurredAt()).setEndedAt(null).setMessage(null);
            }
        } else if (payload instanceof StepFailed f) {
            step.setState(StepState.FAILED).setEndedAt(e.getOccurredAt()).setMessage(task + ": " + f.getReason());
            if (f.getBlobs() != null && s.getBlobs() != null) {
                s.setBlobs(BlobProgress.newBuilder(s.getBlobs()).setVerify(f.getBlobs()).build());
            }
            if (f.getVerify() != null) {
                s.setVerify(merged(s.getVerify(), f.getVerify()));
            }
        } else if (payload instanceof StepCompleted c && e.getStep() == Step.VERIFY && !task.equals(Work.BLOBS)) {
            // a model checked (alongside LOAD, one task per model): its stats join the report
            s.setVerify(merged(s.getVerify(), c.getVerify()));
            verifyDoneWhenAllChecked(s, step, e);
        } else if (payload instanceof StepCompleted c && e.getStep() == Step.BLOB_COPY) {
            pageDone(s, step, e, c);
        } else if (payload instanceof StepCompleted c && (task.equals(Work.BLOBS) || task.equals(Work.DNS))) {
            // one task of a step with several: the step's own task decides when it is complete
            blobsOrDns(s, e, c);
            if (e.getStep() == Step.DNS_CUTOVER || e.getStep() == Step.DNS_PREPARE || e.getStep() == Step.DNS_ROLLBACK) {
                step.setState(StepState.COMPLETED).setEndedAt(e.getOccurredAt()).setMessage(null);
            } else if (e.getStep() == Step.VERIFY) {
                verifyDoneWhenAllChecked(s, step, e);
            }
        } else if (payload instanceof StepCompleted c) {
            int hash = task.lastIndexOf('#');
            if (hash > 0 && !task.startsWith(Work.REDUMP)) {
                String model = task.substring(0, hash);
                int index = Integer.parseInt(task.substring(hash + 1));
                List<ModelProgress> models = new ArrayList<>(s.getModels());
                for (int i = 0; i < models.size(); i++) {
                    if (models.get(i).getModel().equals(model)) {
                        models.set(i, chunkDone(models.get(i), e.getStep(), index));
                    }
                }
                s.setModels(models);
            } else if (!task.startsWith(Work.REDUMP)) {
                step.setState(StepState.COMPLETED).setEndedAt(e.getOccurredAt()).setMessage(null);
            }
            boolean dump = e.getStep() == Step.DUMP;
            step.setUnit("chunks")
                    .setDone(s.getModels().stream().mapToLong(m -> (dump ? m.getDumped() : m.getLoaded()).size()).sum())
                    .setTotal(s.getModels().stream()
                            .mapToLong(m -> m.getChunkRows().size()).sum());
        }
        put(s.getSteps(), step.build());
    }

    /**
     * Whether {@code e} begins an attempt of VERIFY that checks every model and the blobs again: one entered
     * through another step (a re-load of the chunks an earlier attempt found differing, a re-copy of its objects,
     * a retry of LOAD), which the status shows as its current step. A retry of VERIFY itself (the migration's
     * current step VERIFY) checks again only what failed, and keeps what the earlier attempt checked.
     */
    private static boolean verifyStartsOver(MigrationStatus.Builder s, Event e) {
        return e.getStep() == Step.VERIFY && s.getCurrentStep() != Step.VERIFY && s.getSteps().stream()
                .anyMatch(x -> x.getStep() == Step.VERIFY && x.getAttempt() < e.getAttempt());
    }

    /**
     * VERIFY counts the loaded models checked, and is complete once every one is, none differs, and the blobs
     * (when the migration has any) are checked too and none differs: a blobs' failure that came before the last
     * model's check keeps the step failed.
     */
    private static void verifyDoneWhenAllChecked(MigrationStatus.Builder s, StepStatus.Builder step, Event e) {
        VerifyReport report = s.getVerify();
        List<String> loaded = s.getModels().stream().filter(m -> !m.getLoaded().isEmpty())
                .map(ModelProgress::getModel).toList();
        long checked = report == null ? 0 : report.getTarget().stream().map(ModelStat::getModel)
                .filter(loaded::contains).distinct().count();
        step.setUnit("models").setDone(checked).setTotal(loaded.size());
        boolean blobsChecked = s.getBlobs() == null
                || s.getBlobs().getVerify() != null && s.getBlobs().getVerify().getMismatched() == 0;
        if (checked >= loaded.size() && report != null && report.getMismatches().isEmpty() && blobsChecked) {
            step.setState(StepState.COMPLETED).setEndedAt(e.getOccurredAt()).setMessage(null);
        }
    }

    /**
     * A VERIFY report with a later one's models in place of its own: the tasks of one VERIFY check different
     * models (each alongside LOAD, then the rest at once), a new attempt checks them again.
     */
    static VerifyReport merged(VerifyReport current, VerifyReport later) {
        if (current == null || later == null) {
            return later == null ? current : later;
        }
        Set<String> models = new HashSet<>();
        later.getTarget().forEach(t -> models.add(t.getModel()));
        later.getMismatches().forEach(m -> models.add(m.getModel()));
        List<ModelStat> target = new ArrayList<>(current.getTarget().stream()
                .filter(t -> !models.contains(t.getModel())).toList());
        target.addAll(later.getTarget());
        List<ModelMismatchInfo> mismatches = new ArrayList<>(current.getMismatches().stream()
                .filter(m -> !models.contains(m.getModel())).toList());
        mismatches.addAll(later.getMismatches());
        return new VerifyReport(target, mismatches);
    }

    /** The reports of the tasks on blobs and on the DNS record. */
    private static void blobsOrDns(MigrationStatus.Builder s, Event e, StepCompleted c) {
        if (c.getDns() != null) {
            s.setDns(c.getDns());
        }
        BlobReport r = c.getBlobs();
        if (r == null) {
            return;
        }
        if (e.getStep() == Step.STATS) {
            s.setBlobs(BlobProgress.newBuilder().setCount(r.getCount()).setBytes(r.getBytes()).setPages(r.getPages())
                    .setDonePages(List.of()).setVerify(null).build());
        } else if (e.getStep() == Step.VERIFY && s.getBlobs() != null) {
            s.setBlobs(BlobProgress.newBuilder(s.getBlobs()).setVerify(r).build());
        }
    }

    /** A BLOB_COPY page copied: counted once however often its answer is delivered. */
    private static void pageDone(MigrationStatus.Builder s, StepStatus.Builder step, Event e, StepCompleted c) {
        int page = Work.pageOf(e.getTask());
        BlobProgress b = s.getBlobs();
        if (b == null || page >= 0 && b.getDonePages().contains(page)) {
            return;
        }
        List<Integer> done = new ArrayList<>(b.getDonePages());
        if (page >= 0) {
            done.add(page);
        }
        BlobReport r = c.getBlobs() == null ? BlobReport.newBuilder().build() : c.getBlobs();
        s.setBlobs(BlobProgress.newBuilder(b).setDonePages(done).setCopied(b.getCopied() + r.getCopied())
                .setCopiedBytes(b.getCopiedBytes() + r.getCopiedBytes()).setSkipped(b.getSkipped() + r.getSkipped())
                .build());
        step.setUnit("pages").setDone(done.size()).setTotal(b.getPages());
        if (page < 0 || done.size() >= b.getPages()) {
            step.setState(StepState.COMPLETED).setEndedAt(e.getOccurredAt()).setMessage(null);
        }
    }

    private static ModelProgress chunkDone(ModelProgress m, Step step, int index) {
        List<Integer> indexes = new ArrayList<>(step == Step.DUMP ? m.getDumped() : m.getLoaded());
        if (!indexes.contains(index)) {
            indexes.add(index);
        }
        ModelProgress.Builder b = ModelProgress.newBuilder(m);
        return (step == Step.DUMP ? b.setDumped(indexes) : b.setLoaded(indexes)).build();
    }

    private static List<ModelProgress> plannedModels(StepCompleted stats) {
        List<ModelProgress> models = new ArrayList<>();
        for (ModelStat stat : stats.getStats()) {
            List<Long> chunkRows = stats.getChunks().stream().filter(c -> c.getModel().equals(stat.getModel()))
                    .sorted((a, b) -> Integer.compare(a.getIndex(), b.getIndex())).map(c -> c.getRows()).toList();
            models.add(ModelProgress.newBuilder().setModel(stat.getModel()).setRows(stat.getRows())
                    .setChunkRows(chunkRows).setDumped(List.of()).setLoaded(List.of()).build());
        }
        return models;
    }

    /** The step's status for this event's attempt: a new attempt starts afresh. */
    private static StepStatus.Builder step(List<StepStatus> steps, Event e) {
        for (StepStatus existing : steps) {
            if (existing.getStep() == e.getStep() && existing.getAttempt() == e.getAttempt()) {
                return StepStatus.newBuilder(existing);
            }
        }
        return StepStatus.newBuilder().setStep(e.getStep()).setState(StepState.PENDING).setAttempt(e.getAttempt())
                .setStartedAt(null).setEndedAt(null).setDone(0).setTotal(0).setUnit("").setMessage(null);
    }

    /** Keeps one entry per step: the latest attempt's. */
    private static void put(List<StepStatus> steps, StepStatus step) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).getStep() == step.getStep()) {
                if (steps.get(i).getAttempt() > step.getAttempt()) {
                    return;
                }
                steps.set(i, step);
                return;
            }
        }
        steps.add(step);
    }
}
