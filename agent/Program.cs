// The agent's reconciler lands with issue 5; until then the binary says what it will do.
Console.Error.WriteLine("codemason-agent: the reconciler is not built yet (issue 5).");
return 2;
