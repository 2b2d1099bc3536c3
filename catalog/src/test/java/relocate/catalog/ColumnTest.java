package relocate.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ColumnTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "bigint|bigint",
            "uuid|uuid",
            "character varying(24)|character varying",
            "character(5)|bpchar",
            "numeric(12, 2)|numeric",
            "numeric(12,2)|numeric",
            "timestamp(3) with time zone|timestamp with time zone",
            "\"MyKey\"|\"MyKey\""})
    void theBaseTypeDropsTheModifierThatACastWouldCutTheValueTo(String type, String base) {
        assertEquals(base, new Column("k", type, true, null, false, false).baseType());
    }
}
