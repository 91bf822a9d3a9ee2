using System.Diagnostics;
using Codemason.Grpc.Tests.Echo;

namespace Codemason.Grpc.Tests.Interop;

/// <summary>Runs Debian's python3-grpcio (system interpreter) as an independent gRPC peer.</summary>
public static class PythonPeer
{
    public const string Interpreter = "/usr/bin/python3";

    public static string ScriptDirectory => Path.Combine(AppContext.BaseDirectory, "Interop", "python");

    /// <summary>Writes the echo service's FileDescriptorProto where the scripts can load it.</summary>
    public static string WriteDescriptor()
    {
        var path = Path.Combine(Path.GetTempPath(), $"codemason-echo-{Environment.ProcessId}.pb");
        File.WriteAllBytes(path, EchoReflection.Descriptor.SerializedData.ToByteArray());
        return path;
    }

    /// <summary>Skips (or, under CI, fails) when python3-grpcio is not installed.</summary>
    public static void RequireGrpcio()
    {
        var info = new ProcessStartInfo(Interpreter) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("import grpc, google.protobuf");
        try
        {
            using var process = Process.Start(info)!;
            process.WaitForExit();
            if (process.ExitCode == 0)
            {
                return;
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No interpreter at all; reported below.
        }
        const string message = "python3-grpcio and python3-protobuf are needed (scripts/ensure-test-tools.sh installs them).";
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.Fail(message);
        }
        Assert.Ignore(message);
    }

    public static ProcessStartInfo Start(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ScriptDirectory,
        };
        info.ArgumentList.Add(Path.Combine(ScriptDirectory, script));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // The pyenv interpreter first on PATH must not leak its settings into the system one.
        info.Environment.Remove("PYTHONPATH");
        info.Environment.Remove("PYTHONHOME");
        return info;
    }

    /// <summary>Runs a script to its end and returns its standard output.</summary>
    public static async Task<string> RunAsync(string script, CancellationToken cancellationToken, params string[] args)
    {
        using var process = Process.Start(Start(script, args))!;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            var output = await stdout;
            if (process.ExitCode != 0)
            {
                Assert.Fail($"{script} exited with {process.ExitCode}: {await stderr}");
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
}
