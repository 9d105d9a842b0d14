using System;
using System.Threading;

class Program {
    static void Main() {
        for (;;) {
            try { new Thread(() => Thread.Sleep(60000)).Start(); } catch (Exception) { }
        }
    }
}
