using System.Diagnostics;
using System.Globalization;

namespace Codemason.Testing.Processes;

/// <summary>Sends a signal to one process id with kill(1): only ever to a process a test started.</summary>
public static class Signals
{
    public static void Send(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }
}
