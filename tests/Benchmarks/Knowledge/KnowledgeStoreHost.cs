using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ChatWidget.Benchmarks.Knowledge;

/// <summary>
/// The configuration store alone, as Host composes it (<c>AddConfigurationStore</c>, migrated and prepared), over a data
/// directory of its own and SQLite or a PostgreSQL database: the catalog to upload and publish through, and the index
/// Host searches each turn.
/// </summary>
public sealed class KnowledgeStoreHost : IDisposable
{
    private readonly IHost _host;
    private readonly DirectoryInfo _root;

    private KnowledgeStoreHost(IHost host, DirectoryInfo root)
    {
        _host = host;
        _root = root;
    }

    public KnowledgeCatalog Catalog => _host.Services.GetRequiredService<KnowledgeCatalog>();

    public IKnowledgeIndex Index => _host.Services.GetRequiredService<IKnowledgeIndex>();

    /// <param name="postgresConnectionString">A PostgreSQL database to use; null for the embedded SQLite file.</param>
    public static async Task<KnowledgeStoreHost> StartAsync(string? postgresConnectionString)
    {
        var root = Directory.CreateTempSubdirectory("chatwidget-bench-knowledge-");
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root.FullName, DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ChatWidget:DataDirectory"] = "data" });
        if (postgresConnectionString is not null)
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ChatWidget:Database:Provider"] = DatabaseProviders.Postgres,
                ["ConnectionStrings:ChatWidget"] = postgresConnectionString,
            });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddConfigurationStore();
        var host = builder.Build();
        await host.Services.PrepareConfigurationStoreAsync();
        return new KnowledgeStoreHost(host, root);
    }

    public async Task<int> CountChunksAsync()
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<ConfigurationDbContext>>().CreateDbContextAsync();
        return await db.KnowledgeChunks.CountAsync();
    }

    public void Dispose()
    {
        _host.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Npgsql.NpgsqlConnection.ClearAllPools();
        _root.Delete(recursive: true);
    }
}
