import java.util.*;

public class Main {
    public static void main(String[] args) {
        List<byte[]> a = new ArrayList<>();
        for (;;) {
            byte[] b = new byte[16 << 20];
            Arrays.fill(b, (byte) 1);
            a.add(b);
        }
    }
}
