using System.Security.Cryptography;
using ChatWidget.TestServers;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>
/// CONTRACT §7's deployment: Host instances behind nginx sharing one PostgreSQL database, empty when they start (all at
/// once, so they race to migrate it), and one Redis of their own, with a password, so that a test can stop it, start it
/// again and dump every key. Disposing stops the instances, nginx and Redis; the database stays in the run's shared
/// PostgreSQL cluster, which goes when the test process exits.
/// </summary>
public sealed class SharedStateCluster : IAsyncDisposable
{
    private SharedStateCluster(HostCluster cluster, RedisServer redis, string databaseConnectionString)
    {
        Cluster = cluster;
        Redis = redis;
        DatabaseConnectionString = databaseConnectionString;
    }

    public HostCluster Cluster { get; }

    public RedisServer Redis { get; }

    /// <summary>The instances' <c>ConnectionStrings:ChatWidget</c>, e.g. for <see cref="PostgresDump"/>.</summary>
    public string DatabaseConnectionString { get; }

    public HostInstance this[int index] => Cluster[index];

    /// <summary>Starts Redis, creates an empty database and starts <paramref name="instances"/> instances with both, plus <paramref name="options"/>.</summary>
    public static async Task<SharedStateCluster> StartAsync(HostClusterOptions? options = null, int instances = 2)
    {
        // A password unlike anything else in the test, so that finding it in a response or a log means it leaked.
        var redis = await RedisServer.StartAsync(password: "redis-pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant());
        try
        {
            var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync();
            var cluster = await HostCluster.StartAsync(instances, (options ?? new HostClusterOptions()).WithPostgres(database).WithRedis(redis.ConnectionString));
            return new SharedStateCluster(cluster, redis, database);
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>Every instance's output and nginx's logs, for failure messages.</summary>
    public string Diagnostics() => Cluster.Diagnostics();

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
