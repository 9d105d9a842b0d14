// Balanced brackets: a stack of the expected closing brackets.
impl Solution {
    pub fn is_balanced(strings: Vec<String>) -> Vec<bool> {
        strings.iter().map(|s| Self::balanced(s.as_bytes())).collect()
    }

    fn balanced(s: &[u8]) -> bool {
        let mut stack = Vec::with_capacity(s.len());
        for &c in s {
            match c {
                b'(' => stack.push(b')'),
                b'[' => stack.push(b']'),
                b'{' => stack.push(b'}'),
                _ => if stack.pop() != Some(c) { return false; },
            }
        }
        stack.is_empty()
    }
}
