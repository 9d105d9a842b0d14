begin
    writeln(undefinedname);
end.
