using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Sockets;

class Program {
    static void Main() {
        int port = int.Parse(Console.ReadLine().Trim());
        var bad = new List<string>();
        try {
            using (var c = new TcpClient()) {
                if (c.ConnectAsync("127.0.0.1", port).Wait(2000) && c.Connected) bad.Add("connected");
            }
        } catch (Exception) { }
        try { File.ReadAllText("/etc/shadow"); bad.Add("shadow"); } catch (Exception) { }
        foreach (var p in new[] { "/escape", "/box/escape" }) {
            try { File.WriteAllText(p, "x"); bad.Add("wrote " + p); } catch (Exception) { }
        }
        try { Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false }); } catch (Exception) { }
        Console.WriteLine(bad.Count == 0 ? "safe" : string.Join(" ", bad));
    }
}
