/* Balanced brackets: a stack of the expected closing brackets. */
#include <stdio.h>
#include <string.h>

static char s[1000001];
static char stack[1000001];

/* Whether s is balanced. */
static int balanced(const char *str)
{
    size_t top = 0;
    for (; *str; str++) {
        switch (*str) {
        case '(': stack[top++] = ')'; break;
        case '[': stack[top++] = ']'; break;
        case '{': stack[top++] = '}'; break;
        default:
            if (top == 0 || stack[--top] != *str)
                return 0;
        }
    }
    return top == 0;
}

int main(void)
{
    int t;
    if (scanf("%d", &t) != 1)
        return 1;
    while (t-- > 0) {
        if (scanf("%1000000s", s) != 1)
            return 1;
        puts(balanced(s) ? "YES" : "NO");
    }
    return 0;
}
