// Longest substring without repeats: a sliding window and each character's last position.
function lengthOfLongestSubstring(s: string): number {
    const last = new Int32Array(128).fill(-1);
    let start = 0, best = 0;
    for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (last[c] >= start) start = last[c] + 1;
        last[c] = i;
        if (i - start + 1 > best) best = i - start + 1;
    }
    return best;
};
