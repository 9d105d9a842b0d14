using System;

class Program {
    static void Main() {
        string[] p = Console.ReadLine().Split(new[] { ' ' }, StringSplitOptions.RemoveEmptyEntries);
        Console.WriteLine(long.Parse(p[0]) - long.Parse(p[1]));
    }
}
