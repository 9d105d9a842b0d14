// Longest substring without repeats: a sliding window and each character's last position.
func lengthOfLongestSubstring(s string) int {
	var last [256]int
	for c := range last {
		last[c] = -1
	}
	start, best := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if last[c] >= start {
			start = last[c] + 1
		}
		last[c] = i
		if i-start+1 > best {
			best = i - start + 1
		}
	}
	return best
}
