using System.Diagnostics;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>A command run to completion with its output on this console: the BenchmarkDotNet suite, the browser measurement.</summary>
public static class ExternalCommand
{
    public static async Task RunAsync(string fileName, IEnumerable<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, UseShellExecute = false };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} failed with exit code {process.ExitCode}; its output is above.");
    }
}
