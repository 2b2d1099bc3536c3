package relocate.schemas.compatibility;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Whether data written with one schema can be read with another (Avro's schema resolution), with
 * each incompatibility worded for people and located by field names ({@code Event.payload<StepProgressed>.unit})
 * rather than Avro's JSON pointers ({@code /fields/7/type/2}).
 *
 * <p>Avro reports a record inside a union that changed incompatibly only as "reader union lacking writer
 * type: RECORD"; this class then compares that record with its namesake in the reader's union, so the
 * field that broke it is named.
 */
public final class ReadCompatibility {

    private ReadCompatibility() {
    }

    /** True when everything written with {@code writer} can be read with {@code reader}. */
    public static boolean canRead(Schema reader, Schema writer) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
                == SchemaCompatibilityType.COMPATIBLE;
    }

    /** Why {@code reader} cannot read data written with {@code writer}; empty when it can. */
    public static List<String> problems(Schema reader, Schema writer) {
        List<String> problems = new ArrayList<>();
        collect(reader, writer, reader.getName(), problems);
        return problems;
    }

    private static void collect(Schema reader, Schema writer, String at, List<String> problems) {
        var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
        if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility incompatibility : result.getIncompatibilities()) {
            Located located = locate(reader, writer, at, incompatibility.getLocation());
            if (incompatibility.getType() == SchemaCompatibility.SchemaIncompatibilityType.MISSING_UNION_BRANCH
                    && located.reader.getType() == Schema.Type.UNION && isNamed(located.writer)) {
                Schema namesake = branchNamed(located.reader, located.writer.getFullName());
                if (namesake != null) {
                    // the branch is still there but changed: say how
                    collect(namesake, located.writer, located.path, problems);
                    continue;
                }
                problems.add(located.path + ": the union has no branch " + located.writer.getFullName()
                        + " any more, but data was written with it (removing or renaming a union branch is incompatible)");
                continue;
            }
            problems.add(located.path + ": " + explain(incompatibility, located));
        }
    }

    private static String explain(Incompatibility incompatibility, Located located) {
        String message = incompatibility.getMessage();
        return switch (incompatibility.getType()) {
            case READER_FIELD_MISSING_DEFAULT_VALUE -> "field '" + message + "' has no default, so data written without it"
                    + " cannot be read (give it a default, e.g. null in a [\"null\", ...] union)";
            case TYPE_MISMATCH -> "the type changed (" + message + "); a field's type may only be promoted"
                    + " (int -> long -> float -> double, string <-> bytes) or widened to a union that contains the old type";
            case MISSING_ENUM_SYMBOLS -> "enum symbols " + message + " were removed (or the enum has no default"
                    + " symbol for them); keep them, or give the enum a default";
            case MISSING_UNION_BRANCH -> "the union lost a branch (" + message + ") that data was written with";
            case NAME_MISMATCH -> "the name changed (" + message + "); keep the old name as an alias";
            case FIXED_SIZE_MISMATCH -> "the fixed size changed (" + message + ")";
            default -> incompatibility.getType() + ": " + message;
        };
    }

    /**
     * Follows an Avro incompatibility location through reader and writer. In Avro's pointers, "fields/i"
     * is the reader's field i, and a number after a union is the writer's branch (the reader stays on
     * its union while Avro tries each writer branch against it).
     */
    private static Located locate(Schema reader, Schema writer, String at, String pointer) {
        String[] tokens = pointer.split("/");
        StringBuilder path = new StringBuilder(at);
        Schema r = reader;
        Schema w = writer;
        for (int i = 0; i < tokens.length; i++) {
            String token = tokens[i];
            switch (token) {
                case "", "type" -> {
                }
                case "fields" -> {
                    if (i + 1 >= tokens.length || r.getType() != Schema.Type.RECORD) {
                        break;
                    }
                    Schema.Field field = r.getFields().get(Integer.parseInt(tokens[++i]));
                    path.append('.').append(field.name());
                    Schema.Field written = w != null && w.getType() == Schema.Type.RECORD ? writerField(w, field) : null;
                    r = field.schema();
                    w = written == null ? null : written.schema();
                }
                case "items" -> {
                    path.append("[]");
                    r = r.getType() == Schema.Type.ARRAY ? r.getElementType() : r;
                    w = w != null && w.getType() == Schema.Type.ARRAY ? w.getElementType() : w;
                }
                case "values" -> {
                    path.append("{}");
                    r = r.getType() == Schema.Type.MAP ? r.getValueType() : r;
                    w = w != null && w.getType() == Schema.Type.MAP ? w.getValueType() : w;
                }
                case "symbols", "name", "size" -> {
                    // the last token: the path already names the enum, record or fixed
                }
                default -> {
                    if (token.chars().allMatch(Character::isDigit) && w != null && w.getType() == Schema.Type.UNION) {
                        w = w.getTypes().get(Integer.parseInt(token));
                        path.append('<').append(isNamed(w) ? w.getName() : w.getType().getName()).append('>');
                    }
                }
            }
        }
        return new Located(path.toString(), r, w);
    }

    private static Schema.Field writerField(Schema writer, Schema.Field readerField) {
        Schema.Field same = writer.getField(readerField.name());
        if (same != null) {
            return same;
        }
        for (String alias : readerField.aliases()) {
            Schema.Field aliased = writer.getField(alias);
            if (aliased != null) {
                return aliased;
            }
        }
        return null;
    }

    private static Schema branchNamed(Schema union, String fullName) {
        for (Schema branch : union.getTypes()) {
            if (isNamed(branch) && branch.getFullName().equals(fullName)) {
                return branch;
            }
        }
        return null;
    }

    private static boolean isNamed(Schema schema) {
        return schema != null && switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> true;
            default -> false;
        };
    }

    private record Located(String path, Schema reader, Schema writer) {
    }
}
