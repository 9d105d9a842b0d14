import qualified Data.Map as M

twoSum :: [Int] -> Int -> [Int]
twoSum nums target = go M.empty (zip [0 ..] nums)
  where
    go _ [] = []
    go seen ((j, x) : rest) = case M.lookup (target - x) seen of
      Just i -> [i, j]
      Nothing -> go (M.insertWith (\_ old -> old) x j seen) rest
