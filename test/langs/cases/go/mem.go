package main

func main() {
	var a [][]byte
	for {
		b := make([]byte, 16<<20)
		for i := range b {
			b[i] = 1
		}
		a = append(a, b)
	}
}
