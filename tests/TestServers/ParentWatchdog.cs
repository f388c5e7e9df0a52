using System.Diagnostics;

namespace ChatWidget.TestServers;

/// <summary>
/// Stops a server when the test process is gone, however it ended: the test runner may end its test host without
/// running exit handlers, and a server outliving its tests would hold ports and memory on the machine.
/// </summary>
internal static class ParentWatchdog
{
    /// <summary>Runs <paramref name="stopCommand"/> (a shell command) once this process has exited.</summary>
    public static void StopWhenTestsEnd(string stopCommand)
    {
        var info = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            ArgumentList =
            {
                "-c",
                // No inherited output: the test runner must not wait for this shell's end.
                $"exec >/dev/null 2>&1 </dev/null; while kill -0 {Environment.ProcessId}; do sleep 2; done; {stopCommand}",
            },
        };
        using var _ = Process.Start(info);
    }
}
