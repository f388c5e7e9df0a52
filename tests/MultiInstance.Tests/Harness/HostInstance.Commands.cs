using System.Diagnostics;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>Host run once in the foreground: an operator command, or a start expected to fail.</summary>
public sealed partial class HostInstance
{
    /// <summary>
    /// A Host with these settings that is not started: for <see cref="RunCommandAsync"/> alone, e.g. a start expected to
    /// fail (<c>RunCommandAsync([])</c> runs the server in the foreground until it exits).
    /// </summary>
    public static HostInstance Prepare(HostInstanceOptions options) => new(options);

    /// <summary>
    /// Runs an operator command (<c>dotnet Host.dll admin create --email EMAIL</c>, ...) beside the service, as an operator
    /// runs one on the server: the same settings, data directory and database as this instance, and its own process that
    /// serves nothing. <paramref name="standardInput"/> is written to its standard input (e.g. a password), then closed.
    /// </summary>
    public async Task<HostCommandResult> RunCommandAsync(IReadOnlyList<string> arguments, string? standardInput = null, TimeSpan? timeout = null)
    {
        using var process = new Process { StartInfo = HostProcess(arguments) };
        var output = new List<string>();
        var errors = new List<string>();
        void Keep(string? line, bool error)
        {
            if (line is null) return;
            lock (output)
            {
                output.Add(line);
                if (error) errors.Add(line);
            }
        }

        process.OutputDataReceived += (_, e) => Keep(e.Data, error: false);
        process.ErrorDataReceived += (_, e) => Keep(e.Data, error: true);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null) await process.StandardInput.WriteLineAsync(standardInput);
        process.StandardInput.Close();
        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`Host.dll {string.Join(' ', arguments)}` did not finish in time. Its output:\n{string.Join('\n', output)}");
        }

        process.WaitForExit(); // flushes the redirected output
        lock (output) return new HostCommandResult(process.ExitCode, string.Join('\n', output), string.Join('\n', errors));
    }
}
