a = []
while True:
    a.append(b"x" * (16 << 20))
