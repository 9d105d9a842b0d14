// Two Sum: one pass with a map from value to its first position.
class Solution {
    fun twoSum(nums: IntArray, target: Int): IntArray {
        val first = HashMap<Long, Int>()
        for (j in nums.indices) {
            val i = first[target.toLong() - nums[j]]
            if (i != null) return intArrayOf(i, j)
            first.putIfAbsent(nums[j].toLong(), j)
        }
        return IntArray(0)
    }
}
