using Codemason.Edge.Hosting;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(EdgeCommandLine.Usage);
    return 0;
}

var options = EdgeCommandLine.Parse(args, out var error);
if (options is null)
{
    await Console.Error.WriteLineAsync($"codemason-edge: {error}");
    return 2;
}

SocketTuning.Apply();
var app = EdgeHost.Build(options);
try
{
    await app.RunAsync();
}
catch (IOException e)
{
    // Most often a port that is taken (another proxy on :80) or not allowed.
    await Console.Error.WriteLineAsync($"codemason-edge: {e.Message}");
    return 1;
}

return 0;
