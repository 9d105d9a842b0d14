{ Balanced brackets: a stack of the expected closing brackets. }
function isBalanced(strings: TStrArray): TBoolArray;
var
  stack: AnsiString;
  i, top, k: SizeInt;
  c: Char;
  ok: Boolean;
begin
  SetLength(Result, Length(strings));
  for k := 0 to High(strings) do
  begin
    SetLength(stack, Length(strings[k]));
    top := 0;
    ok := True;
    for i := 1 to Length(strings[k]) do
    begin
      c := strings[k][i];
      if c = '(' then begin Inc(top); stack[top] := ')'; end
      else if c = '[' then begin Inc(top); stack[top] := ']'; end
      else if c = '{' then begin Inc(top); stack[top] := '}'; end
      else if (top = 0) or (stack[top] <> c) then begin ok := False; Break; end
      else Dec(top);
    end;
    Result[k] := ok and (top = 0);
  end;
end;
