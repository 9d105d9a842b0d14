import "fmt"
import "strings"

func twoSum(nums []int, target int) []int {
	s := strings.Repeat("x", 1000)
	for {
		fmt.Println(s)
	}
}
