package relocate.stack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The DNS server's readiness probe: one SOA query over TCP, answered authoritatively and without error. A
 * listening port alone is not enough: named listens before its zones are loaded, and keeps running when a zone
 * fails to load. Hand-written (a dozen bytes each way) so that the stack needs no DNS library.
 */
final class ZoneProbe {

    private static final int TYPE_SOA = 6;
    private static final int CLASS_IN = 1;
    private static final int FLAG_QR = 0x8000;
    private static final int FLAG_AA = 0x0400;

    private ZoneProbe() {
    }

    /** Whether 127.0.0.1:port answers the SOA of {@code zone} (absolute, e.g. {@code relocate.test.}) with AA. */
    static boolean servesZone(int port, String zone) {
        int id = (int) (System.nanoTime() & 0xFFFF);
        byte[] query = soaQuery(id, zone);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            socket.setSoTimeout(1000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeShort(query.length); // DNS over TCP: each message is preceded by its length
            out.write(query);
            out.flush();
            DataInputStream data = new DataInputStream(socket.getInputStream());
            int length = data.readUnsignedShort();
            if (length < 12) {
                return false;
            }
            int answerId = data.readUnsignedShort();
            int flags = data.readUnsignedShort();
            data.readUnsignedShort(); // questions
            int answers = data.readUnsignedShort();
            return answerId == id && (flags & FLAG_QR) != 0 && (flags & FLAG_AA) != 0 && (flags & 0xF) == 0
                    && answers > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static byte[] soaQuery(int id, String zone) {
        ByteBuffer message = ByteBuffer.allocate(512);
        message.putShort((short) id).putShort((short) 0) // a standard query, no recursion wanted
                .putShort((short) 1).putShort((short) 0).putShort((short) 0).putShort((short) 0);
        for (String label : zone.split("\\.")) {
            if (!label.isEmpty()) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                message.put((byte) bytes.length).put(bytes);
            }
        }
        message.put((byte) 0).putShort((short) TYPE_SOA).putShort((short) CLASS_IN);
        byte[] bytes = new byte[message.position()];
        message.flip().get(bytes);
        return bytes;
    }
}
