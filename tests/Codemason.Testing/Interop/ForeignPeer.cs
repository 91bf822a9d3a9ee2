using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using NUnit.Framework;

namespace Codemason.Testing.Interop;

/// <summary>
/// gRPC stacks that are not ours, run as child processes: Debian's python3-grpcio (the system interpreter) and
/// Node's <c>@grpc/grpc-js</c> with <c>@grpc/proto-loader</c> (pinned by <c>Interop/node/package-lock.json</c>,
/// installed by <c>scripts/ensure-test-tools.sh</c> into <c>.codemason/node-interop</c>). A peer script either
/// runs one scenario and prints one JSON object, or serves and prints <c>PORT n</c> once it listens.
/// </summary>
/// <remarks>Codemason.Controller.Tests runs the peers as clients of the controller, Codemason.Grpc.Tests as servers.</remarks>
public sealed class ForeignPeer
{
    /// <summary>Debian's interpreter: python3-grpcio installs for it only (the python3 first on PATH may be another one).</summary>
    public const string PythonInterpreter = "/usr/bin/python3";

    /// <summary>Debian's node when installed, else whichever node is on PATH.</summary>
    public static readonly string NodeExecutable = File.Exists("/usr/bin/node") ? "/usr/bin/node" : "node";

    private const string InstallHint = "scripts/ensure-test-tools.sh installs it";

    private ForeignPeer(string name, string program, string scriptDirectory, IReadOnlyDictionary<string, string?> environment)
    {
        Name = name;
        Program = program;
        ScriptDirectory = scriptDirectory;
        Environment = environment;
    }

    /// <summary>"python" or "node": the name tests are parameterised with.</summary>
    public string Name { get; }

    public string Program { get; }

    /// <summary>Where this peer's scripts are, next to the test assembly.</summary>
    public string ScriptDirectory { get; }

    private IReadOnlyDictionary<string, string?> Environment { get; }

    /// <summary>The npm packages' folder the node peers load their modules from.</summary>
    public static string NodeModules => Path.Combine(Codemason.Testing.Processes.ProcessLauncher.RepositoryRoot, ".codemason", "node-interop", "node_modules");

    /// <summary>The peer named <paramref name="name"/> ("python" or "node"), its scripts in <c>Interop/&lt;name&gt;</c>.</summary>
    public static ForeignPeer Named(string name)
    {
        var scripts = Path.Combine(AppContext.BaseDirectory, "Interop", name);
        return name switch
        {
            // The pyenv interpreter first on PATH must not leak its settings into the system one.
            "python" => new ForeignPeer(name, PythonInterpreter, scripts, new Dictionary<string, string?> { ["PYTHONPATH"] = null, ["PYTHONHOME"] = null }),
            "node" => new ForeignPeer(name, NodeExecutable, scripts, new Dictionary<string, string?> { ["NODE_PATH"] = NodeModules }),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "python or node"),
        };
    }

    /// <summary>Ignores the test (under CI=true: fails it) when this stack is not installed.</summary>
    public void Require()
    {
        var (probe, what) = Name == "python"
            ? ("import grpc, google.protobuf", $"python3-grpcio and python3-protobuf for {PythonInterpreter}")
            : ("require('@grpc/grpc-js'); require('@grpc/proto-loader')", $"node with @grpc/grpc-js and @grpc/proto-loader in {NodeModules}");
        var info = Start(Name == "python" ? "-c" : "-e", probe);
        try
        {
            using var process = Process.Start(info)!;
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return;
            }
            what += $" ({error.Trim()})";
        }
        catch (Win32Exception)
        {
            what += $" ({Program} not found)";
        }
        var message = $"needs {what}; {InstallHint}.";
        if (System.Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(message);
        }
        Assert.Ignore(message);
    }

    /// <summary>A start of <paramref name="script"/> (a file in <see cref="ScriptDirectory"/>, or an interpreter flag) with <paramref name="arguments"/>.</summary>
    public ProcessStartInfo Start(string script, params string[] arguments)
    {
        var info = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.Exists(ScriptDirectory) ? ScriptDirectory : AppContext.BaseDirectory,
        };
        info.ArgumentList.Add(script.StartsWith('-') ? script : Path.Combine(ScriptDirectory, script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in Environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }
        return info;
    }

    /// <summary>Runs a script to its end and returns its standard output; fails the test when it exits non-zero.</summary>
    public async Task<string> RunAsync(string script, CancellationToken cancellationToken, params string[] arguments)
    {
        using var process = Process.Start(Start(script, arguments))!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var output = await stdout;
            if (process.ExitCode != 0)
            {
                Assert.Fail($"{Name} {script} exited with {process.ExitCode}:\n{await stderr}\n{output}");
            }
            return output;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Starts a server script and waits for its <c>PORT n</c> line; returns the process and the port.</summary>
    public async Task<(Process Process, int Port)> StartServerAsync(string script, CancellationToken cancellationToken, params string[] arguments)
    {
        var process = Process.Start(Start(script, arguments))!;
        var line = await process.StandardOutput.ReadLineAsync(cancellationToken);
        if (line is null || !line.StartsWith("PORT ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            process.Dispose();
            Assert.Fail($"{Name} {script} did not start: {line}\n{error}");
        }
        return (process, int.Parse(line![5..], CultureInfo.InvariantCulture));
    }
}
