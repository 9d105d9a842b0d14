# Longest substring without repeats: a sliding window and each character's last position.
def length_of_longest_substring(s)
    last = Array.new(128, -1)
    start = 0
    best = 0
    i = 0
    s.each_byte do |c|
        start = last[c] + 1 if last[c] >= start
        last[c] = i
        best = i - start + 1 if i - start + 1 > best
        i += 1
    end
    best
end
