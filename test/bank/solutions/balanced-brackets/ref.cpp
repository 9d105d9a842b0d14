// Balanced brackets: a stack of the expected closing brackets.
class Solution {
public:
    vector<bool> isBalanced(vector<string>& strings) {
        vector<bool> result;
        string stack;
        for (const string& s : strings) {
            stack.clear();
            bool ok = true;
            for (char c : s) {
                if (c == '(') stack.push_back(')');
                else if (c == '[') stack.push_back(']');
                else if (c == '{') stack.push_back('}');
                else if (stack.empty() || stack.back() != c) { ok = false; break; }
                else stack.pop_back();
            }
            result.push_back(ok && stack.empty());
        }
        return result;
    }
};
