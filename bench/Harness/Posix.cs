using System.Runtime.InteropServices;

namespace Codemason.Bench.Harness;

/// <summary>The one libc call the harness needs: signal a process it started, by pid.</summary>
internal static partial class Posix
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static partial int Kill(int pid, int signal);
}
