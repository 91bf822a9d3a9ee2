// The full CLI lands with issue 7; until then the binary says what it will do.
Console.Error.WriteLine("mason: the command line is not built yet (issue 7).");
return 2;
