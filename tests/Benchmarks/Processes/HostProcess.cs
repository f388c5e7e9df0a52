using System.Diagnostics;
using System.Net;
using ChatWidget.Host.Llm;
using ChatWidget.TestServers;

namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// Host started from its own build output as a production deployment would run it (Production environment,
/// shipped appsettings.json, its own process), with the benchmark's seed file and data directory. Rate limits
/// and cost budgets are switched off: they exist to refuse exactly the load a benchmark generates. Extra
/// environment variables override any of that: <c>--host-env</c> lets a run try a runtime or Host setting without a
/// rebuild, and the shared-state sections switch limits back on (<see cref="Run.CountedLimits"/>) and add Redis.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly ChildProcess _process;

    private HostProcess(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public static async Task<HostProcess> StartAsync(RepositoryPaths paths, string dataDirectory, string seedFile,
        OpenAiClientLibrary client, IReadOnlyDictionary<string, string> extraEnvironment, HttpClient http)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { paths.HostAssembly },
            WorkingDirectory = paths.HostProjectDirectory,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ASPNETCORE_URLS"] = address.ToString(),
                ["DOTNET_NOLOGO"] = "1",
                ["ChatWidget__DataDirectory"] = dataDirectory,
                ["ChatWidget__SeedFile"] = seedFile,
                ["ChatWidget__Demo__Enabled"] = "false",
                ["ChatWidget__RateLimits__Enabled"] = "false",
                ["ChatWidget__Budgets__Enabled"] = "false",
                ["ChatWidget__Llm__OpenAiClient"] = client.ToString(),
            },
        };
        foreach (var (name, value) in extraEnvironment) startInfo.Environment[name] = value;
        var process = ChildProcess.Start(startInfo);
        try
        {
            await WaitUntilReadyAsync(new Uri(address, "/readyz"), process, http);
        }
        catch
        {
            process.Dispose();
            throw;
        }
        return new HostProcess(process, address);
    }

    private static async Task WaitUntilReadyAsync(Uri readiness, ChildProcess process, HttpClient http)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Host exited during start. Its output:\n{process.Tail()}");
            try
            {
                using var response = await http.GetAsync(readiness);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(200);
        }
        throw new InvalidOperationException($"Host was not ready within 90 s. Its output:\n{process.Tail()}");
    }

    public void Dispose() => _process.Dispose();
}
