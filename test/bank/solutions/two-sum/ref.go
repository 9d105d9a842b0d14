// Two Sum: one pass with a map from value to its first position.
func twoSum(nums []int, target int) []int {
	first := make(map[int]int, len(nums))
	for j, x := range nums {
		if i, ok := first[target-x]; ok {
			return []int{i, j}
		}
		if _, ok := first[x]; !ok {
			first[x] = j
		}
	}
	return []int{}
}
