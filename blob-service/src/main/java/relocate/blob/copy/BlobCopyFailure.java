package relocate.blob.copy;

import java.util.List;

import relocate.blob.BlobFailure;

/**
 * Some blobs of a page were not copied (the others were, and a new copy of the page skips them). The
 * message names the keys and what to do; {@link #problems()} has every one.
 */
public class BlobCopyFailure extends BlobFailure {

    static final int KEYS_IN_MESSAGE = 20;

    private final int page;
    private final List<CopyProblem> problems;

    public BlobCopyFailure(String migrationId, int page, int blobs, List<CopyProblem> problems) {
        super(message(migrationId, page, blobs, problems), problems.stream().allMatch(CopyProblem::retryable));
        this.page = page;
        this.problems = List.copyOf(problems);
    }

    public int page() {
        return page;
    }

    public List<CopyProblem> problems() {
        return problems;
    }

    /** The keys that were not copied. */
    public List<String> keys() {
        return problems.stream().map(CopyProblem::key).toList();
    }

    static String message(String migrationId, int page, int blobs, List<CopyProblem> problems) {
        StringBuilder message = new StringBuilder("Blob page " + page + " of migration " + migrationId + ": "
                + problems.size() + " of " + blobs + " blobs were not copied (the others were). ");
        for (CopyProblem problem : problems.subList(0, Math.min(KEYS_IN_MESSAGE, problems.size()))) {
            message.append('\'').append(problem.key()).append("': ").append(problem.problem()).append(' ');
        }
        if (problems.size() > KEYS_IN_MESSAGE) {
            message.append("And ").append(problems.size() - KEYS_IN_MESSAGE).append(" more. ");
        }
        if (problems.stream().anyMatch(p -> p.kind() == CopyProblem.Kind.CONFLICT)) {
            message.append("Nothing on the target was overwritten. Where a differing object on the target is not "
                    + "needed, move or delete it (or leave the blob out of the domain); then copy the page again.");
        } else if (problems.stream().allMatch(CopyProblem::retryable)) {
            message.append("Copy the page again.");
        } else {
            message.append("Correct the source or the blob listing, plan the blobs again, then copy the page again.");
        }
        return message.toString().strip();
    }
}
