func twoSum(nums []int, target int) []int {
	panic("no pair")
}
