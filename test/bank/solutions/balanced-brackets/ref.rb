# Balanced brackets: a stack of the expected closing brackets.
CLOSE = { "(" => ")", "[" => "]", "{" => "}" }.freeze

def is_balanced(strings)
    strings.map do |s|
        stack = []
        ok = s.each_char.all? do |c|
            want = CLOSE[c]
            if want
                stack.push(want)
                true
            else
                stack.pop == c
            end
        end
        ok && stack.empty?
    end
end
