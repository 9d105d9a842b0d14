// Longest substring without repeats: a sliding window and each character's last position.
impl Solution {
    pub fn length_of_longest_substring(s: String) -> i32 {
        let mut last = [-1i64; 256];
        let (mut start, mut best) = (0i64, 0i64);
        for (i, &c) in s.as_bytes().iter().enumerate() {
            let i = i as i64;
            if last[c as usize] >= start {
                start = last[c as usize] + 1;
            }
            last[c as usize] = i;
            best = best.max(i - start + 1);
        }
        best as i32
    }
}
