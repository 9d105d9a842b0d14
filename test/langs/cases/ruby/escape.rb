require "socket"
port = STDIN.gets.to_i
bad = []
begin
  TCPSocket.new("127.0.0.1", port).close
  bad << "connected"
rescue StandardError
end
begin
  File.read("/etc/shadow")
  bad << "shadow"
rescue StandardError
end
["/escape", "/box/escape"].each do |p|
  begin
    File.write(p, "x")
    bad << "wrote #{p}"
  rescue StandardError
  end
end
begin
  Process.detach(spawn("sleep", "30"))
rescue StandardError
end
puts(bad.empty? ? "safe" : bad.join(" "))
