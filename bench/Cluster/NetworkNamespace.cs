using System.Runtime.InteropServices;

namespace Codemason.Bench.Cluster;

/// <summary>
/// Runs code inside another network namespace without starting a process: a dedicated thread switches itself with
/// setns(2) (the network namespace is a property of the thread) and runs the work there. A socket belongs to the
/// namespace of the thread that made it and keeps it, so a listener made here serves that namespace from any thread.
/// The thread ends with the work, and its namespace with it.
/// </summary>
internal static partial class NetworkNamespace
{
    private const int CloneNewNet = 0x40000000;

    /// <summary>
    /// Runs <paramref name="work"/> on a new thread inside the namespace <paramref name="path"/> (<c>/var/run/netns/NAME</c>
    /// or <c>/proc/PID/ns/net</c> of a container's process).
    /// </summary>
    public static Task<T> RunAsync<T>(string path, Func<T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                using (var handle = File.OpenHandle(path))
                {
                    if (SetNamespace((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                    {
                        throw new IOException($"setns({path}) failed: errno {Marshal.GetLastPInvokeError()}");
                    }
                }
                done.SetResult(work());
            }
            catch (Exception e)
            {
                // Whatever the work threw belongs to the awaiting caller, not to this thread (it would end the process).
                done.SetException(e);
            }
        })
        { IsBackground = true, Name = "netns " + path };
        thread.Start();
        return done.Task;
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int nstype);
}
