package relocate.blob.page;

/**
 * One key per line, as journals keep them. A key may hold any character, a line break included, so
 * {@code %}, {@code \n} and {@code \r} are written {@code %25}, {@code %0A} and {@code %0D}.
 */
final class KeyLines {

    private KeyLines() {
    }

    static String encode(String key) {
        StringBuilder line = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            switch (c) {
                case '%' -> line.append("%25");
                case '\n' -> line.append("%0A");
                case '\r' -> line.append("%0D");
                default -> line.append(c);
            }
        }
        return line.toString();
    }

    static String decode(String line) {
        StringBuilder key = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '%' && i + 2 < line.length()) {
                String code = line.substring(i + 1, i + 3);
                switch (code) {
                    case "25" -> key.append('%');
                    case "0A" -> key.append('\n');
                    case "0D" -> key.append('\r');
                    default -> throw new IllegalArgumentException("'%" + code + "' is not an escape of a key line");
                }
                i += 2;
            } else if (c == '%') {
                throw new IllegalArgumentException("a key line ends in the middle of an escape: '" + line + "'");
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }
}
