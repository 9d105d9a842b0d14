-- Two Sum: one pass with a map from value to its first position.
import qualified Data.Map.Strict as M

twoSum :: [Int] -> Int -> [Int]
twoSum nums target = go M.empty (zip [0 ..] nums)
  where
    go _ [] = []
    go first ((j, x) : rest) = case M.lookup (target - x) first of
      Just i -> [i, j]
      Nothing -> go (M.insertWith (\_ old -> old) x j first) rest
