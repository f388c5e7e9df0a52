using System.Diagnostics;
using ChatWidget.Benchmarks.Upstream;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>The fake upstream running as its own process (this executable in its <c>upstream</c> role).</summary>
public sealed class UpstreamProcess : IDisposable
{
    private const string ListeningPrefix = "upstream listening on ";

    private readonly ChildProcess _process;

    private UpstreamProcess(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>The OpenAI base URL (with <c>/v1</c>) for answers of <paramref name="shape"/>.</summary>
    public Uri BaseUrl(StreamShape shape) => new(Address, shape.BasePath);

    public static async Task<UpstreamProcess> StartAsync()
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var startInfo = new ProcessStartInfo("dotnet") { ArgumentList = { typeof(UpstreamProcess).Assembly.Location, "upstream" } };
        var process = ChildProcess.Start(startInfo);
        process.OutputLine += line =>
        {
            if (line.StartsWith(ListeningPrefix, StringComparison.Ordinal))
                listening.TrySetResult(new Uri(line[ListeningPrefix.Length..]));
        };
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return new UpstreamProcess(process, address);
        }
        catch (TimeoutException)
        {
            var tail = process.Tail();
            process.Dispose();
            throw new InvalidOperationException($"The fake upstream did not start within 60 s. Its output:\n{tail}");
        }
    }

    public void Dispose() => _process.Dispose();
}
