package relocate.sample;

import java.util.List;

/**
 * How many rows each sample table gets for a domain of about {@code rows} rows: 1% users, 2% locations,
 * 40% forms, 25% cases, 12.5% case indices, the rest ledger values (and five location types).
 */
record TableCounts(long users, long locationTypes, long locations, long forms, long cases, long caseIndices,
                   long ledgerValues) {

    /** The sample tables, parents before children. */
    static final List<String> TABLES = List.of("users", "location_types", "locations", "forms", "cases",
            "case_indices", "ledger_values");

    static TableCounts of(long rows) {
        long users = Math.max(2, rows / 100);
        long types = 5;
        long locations = Math.max(2, rows / 50);
        long forms = Math.max(1, rows * 4 / 10);
        long cases = Math.max(2, rows / 4);
        long indices = Math.max(1, rows / 8);
        long ledger = Math.max(1, rows - users - types - locations - forms - cases - indices);
        return new TableCounts(users, types, locations, forms, cases, indices, ledger);
    }

    long of(String table) {
        return switch (table) {
            case "users" -> users;
            case "location_types" -> locationTypes;
            case "locations" -> locations;
            case "forms" -> forms;
            case "cases" -> cases;
            case "case_indices" -> caseIndices;
            case "ledger_values" -> ledgerValues;
            default -> throw new IllegalArgumentException("no sample table " + table);
        };
    }
}
