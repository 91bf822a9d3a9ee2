using Codemason.Agent.Configuration;
using Codemason.Agent.Hosting;
using Codemason.Telemetry.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

if (args is ["--help" or "-h"])
{
    Console.WriteLine(AgentUsage.Text);
    return 0;
}

args = AgentHostingExtensions.ExpandBareFlags(args);
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});
builder.Configuration.AddCommandLine(args, AgentHostingExtensions.SwitchMappings.ToDictionary());
if (AgentHostingExtensions.OptionErrors(builder.Configuration) is { Count: > 0 } errors)
{
    return UsageError(errors);
}
if (args.Any(a => a == "--token" || a.StartsWith("--token=", StringComparison.Ordinal)))
{
    Console.Error.WriteLine(JoinTokenSource.ArgvWarning);
}
builder.AddCodemasonConsoleLogging();
builder.AddAgent();

try
{
    using var host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    // The checks above cover the agent's options; this catches any other validated options.
    return UsageError(ex.Failures);
}

static int UsageError(IEnumerable<string> errors)
{
    foreach (var error in errors)
    {
        Console.Error.WriteLine($"codemason-agent: {error}");
    }
    Console.Error.WriteLine("run codemason-agent --help for usage");
    return 2;
}
