loop do
  begin
    fork { sleep 30 }
  rescue StandardError
  end
end
