// Longest substring without repeats: a sliding window and each character's last position.
public class Solution {
    public int LengthOfLongestSubstring(string s) {
        var last = new int[128];
        for (int c = 0; c < 128; c++) last[c] = -1;
        int start = 0, best = 0;
        for (int i = 0; i < s.Length; i++) {
            int c = s[i];
            if (last[c] >= start) start = last[c] + 1;
            last[c] = i;
            best = Math.Max(best, i - start + 1);
        }
        return best;
    }
}
