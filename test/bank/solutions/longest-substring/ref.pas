{ Longest substring without repeats: a sliding window and each character's last position. }
function lengthOfLongestSubstring(s: AnsiString): LongInt;
var
  last: array[0..255] of LongInt;
  i, start, c: LongInt;
begin
  for c := 0 to 255 do last[c] := -1;
  start := 0;
  Result := 0;
  for i := 0 to Length(s) - 1 do
  begin
    c := Ord(s[i + 1]);
    if last[c] >= start then start := last[c] + 1;
    last[c] := i;
    if i - start + 1 > Result then Result := i - start + 1;
  end;
end;
