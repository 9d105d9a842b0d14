func twoSum(nums []int, target int) []int {
	var m map[int]int
	m[target] = 1
	return nil
}
