package relocate.artifacts.manifest;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import relocate.catalog.selection.Selection;

/**
 * How a model's domain rows were selected on the source, as text: for people reading the manifest and
 * for comparing with how the target would select them. Not run as it is: the loader builds its own
 * selection from the target's catalog.
 *
 * @param fromWhere      {@code FROM "public"."cases" t WHERE t."domain" = ?}
 * @param parameterCount how many {@code ?} in it, each taking the domain
 * @param description    {@code domain = ?} or {@code via case_id -> public.cases}
 */
@JsonPropertyOrder({"fromWhere", "parameterCount", "description"})
public record ManifestSelection(String fromWhere, int parameterCount, String description) {

    public ManifestSelection {
        Objects.requireNonNull(fromWhere, "fromWhere");
        Objects.requireNonNull(description, "description");
        if (parameterCount < 0) {
            throw new IllegalArgumentException("a selection cannot have " + parameterCount + " parameters");
        }
    }

    public static ManifestSelection of(Selection selection) {
        return new ManifestSelection(selection.fromWhere(), selection.parameterCount(), selection.describe());
    }
}
