/* Balanced brackets: a stack of the expected closing brackets. */
static bool balanced(const char* s, char* stack) {
    int top = 0;
    for (; *s; s++) {
        char c = *s;
        if (c == '(') stack[top++] = ')';
        else if (c == '[') stack[top++] = ']';
        else if (c == '{') stack[top++] = '}';
        else if (top == 0 || stack[--top] != c) return false;
    }
    return top == 0;
}

bool* isBalanced(char** strings, int stringsSize, int* returnSize) {
    size_t longest = 1;
    for (int i = 0; i < stringsSize; i++)
        if (strlen(strings[i]) > longest) longest = strlen(strings[i]);
    char* stack = malloc(longest);
    bool* result = malloc(sizeof(bool) * (stringsSize + 1));
    for (int i = 0; i < stringsSize; i++) result[i] = balanced(strings[i], stack);
    free(stack);
    *returnSize = stringsSize;
    return result;
}
