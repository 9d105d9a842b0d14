// Balanced brackets: a stack of the expected closing brackets.
class Solution {
    fun isBalanced(strings: Array<String>): BooleanArray = BooleanArray(strings.size) { balanced(strings[it]) }

    private fun balanced(s: String): Boolean {
        val stack = CharArray(s.length)
        var top = 0
        for (c in s) {
            when (c) {
                '(' -> stack[top++] = ')'
                '[' -> stack[top++] = ']'
                '{' -> stack[top++] = '}'
                else -> if (top == 0 || stack[--top] != c) return false
            }
        }
        return top == 0
    }
}
