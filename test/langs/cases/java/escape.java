import java.io.*;
import java.net.*;
import java.nio.file.*;
import java.util.*;

public class Main {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(new BufferedReader(new InputStreamReader(System.in)).readLine().trim());
        List<String> bad = new ArrayList<>();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            bad.add("connected");
        } catch (Exception e) {
        }
        try {
            Files.readAllBytes(Paths.get("/etc/shadow"));
            bad.add("shadow");
        } catch (Exception e) {
        }
        for (String p : new String[] {"/escape", "/box/escape"}) {
            try {
                Files.write(Paths.get(p), "x".getBytes());
                bad.add("wrote " + p);
            } catch (Exception e) {
            }
        }
        try {
            new ProcessBuilder("sleep", "30").start();
        } catch (Exception e) {
        }
        System.out.println(bad.isEmpty() ? "safe" : String.join(" ", bad));
    }
}
