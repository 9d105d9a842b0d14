// Balanced brackets: a stack of the expected closing brackets.
class Solution {
    public boolean[] isBalanced(String[] strings) {
        boolean[] result = new boolean[strings.length];
        for (int k = 0; k < strings.length; k++) result[k] = balanced(strings[k]);
        return result;
    }

    private boolean balanced(String s) {
        char[] stack = new char[s.length()];
        int top = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') stack[top++] = ')';
            else if (c == '[') stack[top++] = ']';
            else if (c == '{') stack[top++] = '}';
            else if (top == 0 || stack[--top] != c) return false;
        }
        return top == 0;
    }
}
