-- Balanced brackets: a stack of the expected closing brackets.
isBalanced :: [String] -> [Bool]
isBalanced = map (go [])
  where
    go stack [] = null stack
    go stack (c : cs)
      | c == '(' = go (')' : stack) cs
      | c == '[' = go (']' : stack) cs
      | c == '{' = go ('}' : stack) cs
      | otherwise = case stack of
          (top : rest) | top == c -> go rest cs
          _ -> False
