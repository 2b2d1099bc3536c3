package relocate.catalog.compat;

/** One reason why rows of a source table cannot be copied as they are into the target's table. */
public sealed interface ColumnDifference {

    /** The column concerned. */
    String column();

    /** What differs, for people: {@code column note (text) is missing on the target}. */
    String describe();

    /** The source has the column, the target's table does not: its values would have nowhere to go. */
    record MissingOnTarget(String column, String sourceType) implements ColumnDifference {
        @Override
        public String describe() {
            return "column " + column + " (" + sourceType + ") is missing on the target";
        }
    }

    /** Both have the column with different types, e.g. {@code character varying(100)} and {@code integer}. */
    record TypeDiffers(String column, String sourceType, String targetType) implements ColumnDifference {
        @Override
        public String describe() {
            return "column " + column + " is " + sourceType + " on the source but " + targetType + " on the target";
        }
    }

    /** The target requires a value (NOT NULL, no default) that the source has no column for. */
    record RequiredOnTargetOnly(String column, String targetType) implements ColumnDifference {
        @Override
        public String describe() {
            return "column " + column + " (" + targetType + ") is NOT NULL without a default on the target "
                    + "and does not exist on the source";
        }
    }

    /** The target computes the column (GENERATED ALWAYS AS), so the source's values cannot be written into it. */
    record GeneratedOnTarget(String column) implements ColumnDifference {
        @Override
        public String describe() {
            return "column " + column + " is a generated column on the target but a plain column on the source";
        }
    }
}
