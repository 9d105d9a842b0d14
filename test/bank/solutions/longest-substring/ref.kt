// Longest substring without repeats: a sliding window and each character's last position.
class Solution {
    fun lengthOfLongestSubstring(s: String): Int {
        val last = IntArray(128) { -1 }
        var start = 0
        var best = 0
        for (i in s.indices) {
            val c = s[i].toInt()
            if (last[c] >= start) start = last[c] + 1
            last[c] = i
            if (i - start + 1 > best) best = i - start + 1
        }
        return best
    }
}
