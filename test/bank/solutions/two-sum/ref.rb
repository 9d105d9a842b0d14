# Two Sum: one pass with a map from value to its first position.
def two_sum(nums, target)
    first = {}
    nums.each_with_index do |x, j|
        i = first[target - x]
        return [i, j] unless i.nil?
        first[x] = j unless first.key?(x)
    end
    []
end
