package main

import (
	"fmt"
	"net"
	"os"
	"os/exec"
	"strings"
	"time"
)

func main() {
	var port int
	fmt.Scan(&port)
	bad := []string{}
	if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), 2*time.Second); err == nil {
		c.Close()
		bad = append(bad, "connected")
	}
	if _, err := os.ReadFile("/etc/shadow"); err == nil {
		bad = append(bad, "shadow")
	}
	for _, p := range []string{"/escape", "/box/escape"} {
		if err := os.WriteFile(p, []byte("x"), 0644); err == nil {
			bad = append(bad, "wrote "+p)
		}
	}
	exec.Command("sleep", "30").Start()
	if len(bad) == 0 {
		fmt.Println("safe")
	} else {
		fmt.Println(strings.Join(bad, " "))
	}
}
