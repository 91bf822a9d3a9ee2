using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Codemason.Cli.Commands.Shared;

/// <summary>The standard help, followed by an "Examples:" section for commands that have examples.</summary>
internal sealed class ExamplesHelpAction(HelpAction inner) : SynchronousCommandLineAction
{
    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        inner.Invoke(parseResult);
        var examples = parseResult.CommandResult.Command switch
        {
            MasonCommand c => c.Examples,
            RootCommand => RootExamples,
            _ => [],
        };
        if (examples.Count > 0)
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine("Examples:");
            foreach (var example in examples)
            {
                output.WriteLine("  " + example);
            }
            output.WriteLine();
        }
        return 0;
    }

    private static readonly string[] RootExamples =
    [
        "mason login --controller http://127.0.0.1:7070 --token $TOKEN",
        "mason init && mason validate",
        "mason deploy --env staging --wait",
        "mason status pebble",
        "mason logs pebble/web -f",
    ];
}
