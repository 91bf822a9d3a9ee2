using Codemason.Cli;
using Codemason.Cli.Hosting;

return await MasonCli.RunAsync(args, CliHost.FromProcess());
