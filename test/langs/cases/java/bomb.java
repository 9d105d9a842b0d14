public class Main {
    public static void main(String[] args) {
        for (;;) {
            try {
                new Thread(() -> {
                    try { Thread.sleep(60000); } catch (InterruptedException e) { }
                }).start();
            } catch (Throwable t) {
            }
        }
    }
}
