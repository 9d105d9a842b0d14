// Balanced brackets: a stack of the expected closing brackets.
func isBalanced(strings []string) []bool {
	result := make([]bool, len(strings))
	for k, s := range strings {
		stack := make([]byte, 0, len(s))
		ok := true
		for i := 0; i < len(s) && ok; i++ {
			switch c := s[i]; c {
			case '(':
				stack = append(stack, ')')
			case '[':
				stack = append(stack, ']')
			case '{':
				stack = append(stack, '}')
			default:
				if len(stack) == 0 || stack[len(stack)-1] != c {
					ok = false
				} else {
					stack = stack[:len(stack)-1]
				}
			}
		}
		result[k] = ok && len(stack) == 0
	}
	return result
}
