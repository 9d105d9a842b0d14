{ Two Sum: one pass with an open-addressing map from value to its first position. }
function twoSum(nums: TIntArray; target: LongInt): TIntArray;
var
  keys: array of Int64;
  pos: array of LongInt;
  cap, j, k: LongInt;
  want: Int64;

  function Slot(v: Int64): LongInt;
  begin
    Slot := LongInt((QWord(v) * QWord($9E3779B97F4A7C15)) shr 40) and (cap - 1);
  end;

begin
  cap := 1;
  while cap < 2 * Length(nums) + 2 do cap := cap * 2;
  SetLength(keys, cap);
  SetLength(pos, cap);
  for k := 0 to cap - 1 do pos[k] := -1;
  SetLength(Result, 0);
  for j := 0 to High(nums) do
  begin
    want := Int64(target) - nums[j];
    k := Slot(want);
    while pos[k] >= 0 do
    begin
      if keys[k] = want then
      begin
        SetLength(Result, 2);
        Result[0] := pos[k];
        Result[1] := j;
        Exit;
      end;
      k := (k + 1) and (cap - 1);
    end;
    k := Slot(nums[j]);
    while (pos[k] >= 0) and (keys[k] <> nums[j]) do k := (k + 1) and (cap - 1);
    if pos[k] < 0 then
    begin
      keys[k] := nums[j];
      pos[k] := j;
    end;
  end;
end;
