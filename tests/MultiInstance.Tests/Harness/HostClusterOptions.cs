namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>How to run a <see cref="HostCluster"/>. Use <c>with</c> or the helpers to change a copy.</summary>
public sealed record HostClusterOptions
{
    /// <summary>Settings for every instance (configuration keys or environment variable names; see <see cref="HostInstanceOptions.Settings"/>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Settings for one instance (by index), applied after <see cref="Settings"/>.</summary>
    public Func<int, IReadOnlyDictionary<string, string?>>? InstanceSettings { get; init; }

    /// <summary>The seed file's content; a fresh <see cref="ClusterSeed"/> when not set.</summary>
    public ClusterSeed? Seed { get; init; }

    /// <summary>
    /// One data directory for all instances (SQLite, one machine: the configuration database, Data Protection keys
    /// and Host's signing keys are shared, so an access token of one instance works on the others). The instances
    /// then start one after another, so that the first creates the database and keys. Default: one directory each.
    /// </summary>
    public bool SharedDataDirectory { get; init; }

    /// <summary>Start instances one after another instead of all at once (always so with <see cref="SharedDataDirectory"/>).</summary>
    public bool StartOneAfterAnother { get; init; }

    /// <summary>nginx serves the site over TLS (HTTP/2 too) with a test certificate, as in production; plain HTTP otherwise.</summary>
    public bool Tls { get; init; }

    /// <summary>
    /// The parameters of each instance's <c>server</c> line in nginx's upstream. Default: those of the first line of
    /// deploy/nginx/chatwidget/upstreams.conf, so the test balances the way production does.
    /// </summary>
    public string? UpstreamParameters { get; init; }

    /// <summary>More upstream <c>server</c> lines after the instances' (e.g. a fake instance: <c>127.0.0.1:PORT max_fails=0</c>).</summary>
    public IReadOnlyList<string> ExtraUpstreams { get; init; } = [];

    /// <summary><c>ASPNETCORE_ENVIRONMENT</c> of every instance.</summary>
    public string Environment { get; init; } = "Production";

    public HostClusterOptions WithSetting(string key, string? value) =>
        this with { Settings = new Dictionary<string, string?>(Settings) { [key] = value } };

    public HostClusterOptions WithSettings(IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var merged = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in settings) merged[key] = value;
        return this with { Settings = merged };
    }

    /// <summary>CONTRACT §7: configuration, keys and accounts in PostgreSQL (a database of <c>PostgresServer.CreateDatabaseAsync()</c>).</summary>
    public HostClusterOptions WithPostgres(string connectionString) => WithSettings(
    [
        new("ChatWidget:Database:Provider", "Postgres"),
        new("ConnectionStrings:ChatWidget", connectionString),
    ]);

    /// <summary>CONTRACT §7: replay store, rate limits, budgets, generations and change notifications in Redis (<c>RedisServer.ConnectionString</c>).</summary>
    public HostClusterOptions WithRedis(string connectionString) => WithSetting("ConnectionStrings:Redis", connectionString);
}
