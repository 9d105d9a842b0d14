func twoSum(nums []int, target int) []int {
	x := 0
	for {
		x++
	}
}
