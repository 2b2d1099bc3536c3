package relocate.blob.verify;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The verification of a domain's blobs on the target: totals, and the problems found, named up to
 * {@value #MAX_LISTED} (the counts are always complete, and {@link #pagesWithProblems()} lists every page to
 * copy again).
 *
 * @param blobs     blobs checked
 * @param bytes     their bytes, as listed
 * @param problems  the first {@value #MAX_LISTED} problems, by page and key
 */
public record BlobVerification(int pages, long blobs, long bytes, long missing, long different,
                               List<BlobProblem> problems, List<Integer> pagesWithProblems) {

    public static final int MAX_LISTED = 100;

    public BlobVerification {
        problems = List.copyOf(problems);
        pagesWithProblems = List.copyOf(pagesWithProblems);
    }

    /** Adds up page verifications (in any order). */
    public static BlobVerification of(Collection<PageVerification> pages) {
        List<PageVerification> sorted = new ArrayList<>(pages);
        sorted.sort(Comparator.comparingInt(PageVerification::page));
        long blobs = 0;
        long bytes = 0;
        long missing = 0;
        long different = 0;
        List<BlobProblem> listed = new ArrayList<>();
        List<Integer> withProblems = new ArrayList<>();
        for (PageVerification page : sorted) {
            blobs += page.blobs();
            bytes += page.bytes();
            if (!page.ok()) {
                withProblems.add(page.page());
            }
            List<BlobProblem> problems = new ArrayList<>(page.problems());
            problems.sort(Comparator.comparing(BlobProblem::key));
            for (BlobProblem problem : problems) {
                if (problem.kind() == BlobProblem.Kind.MISSING) {
                    missing++;
                } else {
                    different++;
                }
                if (listed.size() < MAX_LISTED) {
                    listed.add(problem);
                }
            }
        }
        return new BlobVerification(sorted.size(), blobs, bytes, missing, different, listed, withProblems);
    }

    public boolean ok() {
        return missing == 0 && different == 0;
    }

    /** One paragraph for people: all is well, or what differs and what to do. */
    public String summary() {
        if (ok()) {
            return "All " + blobs + " blobs (" + bytes + " bytes) are on the target with the source's size and SHA-256.";
        }
        StringBuilder text = new StringBuilder((missing + different) + " of " + blobs + " blobs are not on the target as "
                + "on the source: " + missing + " missing, " + different + " different. ");
        for (BlobProblem problem : problems) {
            text.append('\'').append(problem.key()).append("' (page ").append(problem.page()).append("): ")
                    .append(problem.detail()).append(' ');
        }
        long unlisted = missing + different - problems.size();
        if (unlisted > 0) {
            text.append("And ").append(unlisted).append(" more. ");
        }
        return text.append("Copy those blobs (or pages ").append(pagesWithProblems).append(") again.").toString();
    }
}
