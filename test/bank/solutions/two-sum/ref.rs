// Two Sum: one pass with a map from value to its first position.
use std::collections::HashMap;

impl Solution {
    pub fn two_sum(nums: Vec<i32>, target: i32) -> Vec<i32> {
        let mut first: HashMap<i64, i32> = HashMap::with_capacity(nums.len() * 2);
        for (j, &x) in nums.iter().enumerate() {
            if let Some(&i) = first.get(&(target as i64 - x as i64)) {
                return vec![i, j as i32];
            }
            first.entry(x as i64).or_insert(j as i32);
        }
        vec![]
    }
}
