package main

import (
	"os/exec"
	"runtime"
	"time"
)

func main() {
	for i := 0; ; i++ {
		go func() {
			runtime.LockOSThread()
			time.Sleep(time.Hour)
		}()
		if i%16 == 0 {
			exec.Command("sleep", "30").Start()
		}
	}
}
