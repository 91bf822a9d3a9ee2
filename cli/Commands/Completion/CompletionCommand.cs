using System.CommandLine;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Commands.Completion;

/// <summary><c>mason completion bash|zsh</c>: prints a completion script to source from the shell's rc file.</summary>
internal static class CompletionCommand
{
    public static Command Create(CliServices services)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new MasonCommand(
            "completion",
            "Print a shell completion script",
            "source <(mason completion bash)        # in ~/.bashrc",
            "source <(mason completion zsh)         # in ~/.zshrc")
        {
            shell,
        };
        command.SetAction(parse =>
        {
            services.Host.Out.Write(parse.GetRequiredValue(shell) == "zsh" ? CompletionScripts.Zsh : CompletionScripts.Bash);
            return (int)ExitCode.Ok;
        });
        return command;
    }
}
