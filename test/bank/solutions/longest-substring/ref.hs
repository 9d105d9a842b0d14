-- Longest substring without repeats: a sliding window and each character's last position.
import qualified Data.Map.Strict as M

lengthOfLongestSubstring :: String -> Int
lengthOfLongestSubstring s = go M.empty 0 0 (zip [0 ..] s)
  where
    go _ _ best [] = best
    go lastPos start best ((i, c) : rest) =
      let start' = case M.lookup c lastPos of
            Just p | p >= start -> p + 1
            _ -> start
          best' = max best (i - start' + 1)
      in start' `seq` best' `seq` go (M.insert c i lastPos) start' best' rest
