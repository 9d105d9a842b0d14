def f(
  puts 1
