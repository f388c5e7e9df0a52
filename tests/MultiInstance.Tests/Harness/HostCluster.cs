using System.Net;
using System.Text.RegularExpressions;
using ChatWidget.TestServers;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>
/// Several Host processes behind the real nginx running deploy/nginx/chatwidget.conf, as production runs them:
/// <code>
/// await using var cluster = await HostCluster.StartAsync(instances: 2, new HostClusterOptions().WithRedis(redis.ConnectionString));
/// using var client = cluster.CreateClient();                  // through nginx
/// var accessToken = await cluster.LaunchAsync(client);         // a launch token of the seeded platform, exchanged
/// await cluster.Instances[0].StopAsync();                       // SIGTERM one instance; Kill() for SIGKILL
/// </code>
/// Every instance gets the deployment's proxy setting (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED=true</c>), the
/// cluster's seed file and its own data directory (or a shared one), in a temporary directory removed at the end.
/// </summary>
public sealed partial class HostCluster : IAsyncDisposable
{
    /// <summary>What deploy/chatwidget.env.example sets for every instance behind nginx.</summary>
    public static readonly IReadOnlyDictionary<string, string?> DeploymentSettings = new Dictionary<string, string?>
    {
        ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
    };

    private readonly List<HttpClient> _clients = [];

    private HostCluster(string directory, ClusterSeed seed, IReadOnlyList<HostInstance> instances, NginxServer nginx, TestCertificate? certificate)
    {
        Directory = directory;
        Seed = seed;
        Instances = instances;
        Nginx = nginx;
        Certificate = certificate;
    }

    /// <summary>The cluster's temporary directory: seed file, data directories, certificate.</summary>
    public string Directory { get; }

    public ClusterSeed Seed { get; }

    public IReadOnlyList<HostInstance> Instances { get; }

    public NginxServer Nginx { get; }

    /// <summary>The site as the public sees it: nginx's address (https with <see cref="HostClusterOptions.Tls"/>).</summary>
    public Uri BaseAddress => Nginx.BaseAddress;

    /// <summary>nginx's test certificate when the cluster runs TLS.</summary>
    public TestCertificate? Certificate { get; }

    public string SeedFile => Path.Combine(Directory, "seed.json");

    public static async Task<HostCluster> StartAsync(int instances = 2, HostClusterOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(instances, 1);
        options ??= new HostClusterOptions();
        var directory = System.IO.Directory.CreateTempSubdirectory("chatwidget-cluster-").FullName;
        var seed = options.Seed ?? new ClusterSeed();
        var seedFile = Path.Combine(directory, "seed.json");
        await File.WriteAllTextAsync(seedFile, seed.ToJson(), cancellationToken);

        var started = new List<HostInstance>();
        TestCertificate? certificate = null;
        try
        {
            var instanceOptions = Enumerable.Range(0, instances).Select(i => new HostInstanceOptions
            {
                Name = $"host-{i}",
                Port = FreePort.Next(),
                DataDirectory = Path.Combine(directory, options.SharedDataDirectory ? "data" : $"data-{i}"),
                Environment = options.Environment,
                Settings = SettingsFor(i, options, seedFile),
            }).ToList();

            if (options.SharedDataDirectory || options.StartOneAfterAnother)
            {
                foreach (var instance in instanceOptions) started.Add(await HostInstance.StartAsync(instance, cancellationToken));
            }
            else
            {
                var starting = instanceOptions.Select(instance => HostInstance.StartAsync(instance, cancellationToken)).ToList();
                try
                {
                    await Task.WhenAll(starting);
                }
                finally
                {
                    started.AddRange(starting.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
                }
            }

            if (options.Tls) certificate = TestCertificate.Create(Path.Combine(directory, "tls"));
            var parameters = options.UpstreamParameters ?? ShippedUpstreamParameters();
            var upstreams = started.Select(i => $"127.0.0.1:{i.Port} {parameters}".TrimEnd()).Concat(options.ExtraUpstreams);
            var nginx = await NginxServer.StartAsync(RepositoryLayout.NginxSite, upstreams, certificate);
            return new HostCluster(directory, seed, started, nginx, certificate);
        }
        catch
        {
            foreach (var instance in started) await instance.DisposeAsync();
            certificate?.Dispose();
            TryDelete(directory);
            throw;
        }
    }

    public HostInstance this[int index] => Instances[index];

    /// <summary>
    /// A client of the site, through nginx, optionally connecting from another loopback address (see
    /// <see cref="LoopbackClient"/>) and with an exact HTTP version (e.g. <see cref="HttpVersion.Version20"/> over TLS).
    /// Disposed with the cluster.
    /// </summary>
    public HttpClient CreateClient(IPAddress? clientAddress = null, Version? version = null) =>
        Keep(LoopbackClient.Create(BaseAddress, clientAddress, Certificate, version));

    /// <summary>A client of one instance directly, bypassing nginx. Disposed with the cluster.</summary>
    public HttpClient CreateDirectClient(HostInstance instance) => Keep(LoopbackClient.Create(instance.BaseAddress));

    /// <summary>Mints a launch token of the seeded platform and exchanges it through <paramref name="client"/> (default: nginx).</summary>
    public async Task<string> LaunchAsync(HttpClient? client = null, string? subject = null, string? profile = null, CancellationToken cancellationToken = default) =>
        await ChatApi.ExchangeAsync(client ?? CreateClient(), Seed.MintLaunchToken(subject, profile), cancellationToken);

    /// <summary>
    /// The first administrator, as the README has the operator create it: <c>dotnet Host.dll admin create --email EMAIL</c>
    /// with the password on standard input, run with the first instance's settings (so, with PostgreSQL, into the database
    /// every instance shares).
    /// </summary>
    public async Task CreateAdministratorAsync(string email, string password)
    {
        var result = await Instances[0].RunCommandAsync(["admin", "create", "--email", email], password);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"`admin create --email {email}` exited with {result.ExitCode}:\n{result.Output}");
    }

    /// <summary>Every instance's output, one block per instance, for failure messages.</summary>
    public string Diagnostics() =>
        string.Join("\n\n", Instances.Select(i => $"----- {i} -----\n{i.Output}"))
        + $"\n\n----- nginx error log -----\n{Nginx.Output}\n----- nginx access log -----\n{string.Join('\n', Nginx.AccessLog())}";

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        await Nginx.DisposeAsync();
        await Task.WhenAll(Instances.Select(i => i.DisposeAsync().AsTask()));
        Certificate?.Dispose();
        TryDelete(Directory);
    }

    private static Dictionary<string, string?> SettingsFor(int index, HostClusterOptions options, string seedFile)
    {
        var settings = new Dictionary<string, string?>(DeploymentSettings) { ["ChatWidget:SeedFile"] = seedFile };
        foreach (var (key, value) in options.Settings) settings[key] = value;
        foreach (var (key, value) in options.InstanceSettings?.Invoke(index) ?? new Dictionary<string, string?>()) settings[key] = value;
        return settings;
    }

    /// <summary>The parameters of the first <c>server</c> line of the shipped upstreams.conf (e.g. <c>max_fails=3 fail_timeout=10s</c>).</summary>
    public static string ShippedUpstreamParameters()
    {
        var file = Path.Combine(RepositoryLayout.NginxIncludes, NginxServer.UpstreamsFile);
        foreach (var line in File.ReadLines(file))
        {
            var match = ServerLine().Match(line);
            if (match.Success) return match.Groups["parameters"].Value.Trim();
        }

        throw new InvalidOperationException($"{file} has no `server ADDRESS ...;` line.");
    }

    private HttpClient Keep(HttpClient client)
    {
        lock (_clients) _clients.Add(client);
        return client;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"^\s*server\s+\S+(?<parameters>[^;]*);")]
    private static partial Regex ServerLine();
}
