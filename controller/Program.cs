// The controller lands with issue 6; until then the binary says what it will do.
Console.Error.WriteLine("codemason-controller: the controller is not built yet (issue 6).");
return 2;
