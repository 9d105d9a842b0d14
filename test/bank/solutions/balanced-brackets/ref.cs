// Balanced brackets: a stack of the expected closing brackets.
public class Solution {
    public bool[] IsBalanced(string[] strings) {
        var result = new bool[strings.Length];
        for (int k = 0; k < strings.Length; k++) result[k] = Balanced(strings[k]);
        return result;
    }

    private static bool Balanced(string s) {
        var stack = new char[s.Length];
        int top = 0;
        foreach (char c in s) {
            if (c == '(') stack[top++] = ')';
            else if (c == '[') stack[top++] = ']';
            else if (c == '{') stack[top++] = '}';
            else if (top == 0 || stack[--top] != c) return false;
        }
        return top == 0;
    }
}
