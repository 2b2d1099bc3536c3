package relocate.dumper.plan;

/** The model selection cannot be dumped as asked; the message says why and what to change. */
public class PlanRejected extends RuntimeException {
    public PlanRejected(String message) {
        super(message);
    }
}
