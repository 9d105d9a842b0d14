function twoSum(nums: TIntArray; target: LongInt): TIntArray;
var i, j: LongInt;
begin
  WriteLn('debug ', Length(nums));
  SetLength(Result, 0);
  for j := 0 to High(nums) do
    for i := 0 to j - 1 do
      if nums[i] + nums[j] = target then
      begin
        SetLength(Result, 2);
        Result[0] := i;
        Result[1] := j;
        Exit;
      end;
end;
