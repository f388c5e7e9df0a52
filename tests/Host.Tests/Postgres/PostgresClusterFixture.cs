using ChatWidget.TestServers;

namespace ChatWidget.Host.Tests.Postgres;

/// <summary>
/// A PostgreSQL cluster for one test class, stopped when the class is done. Host.Tests' test host is not always given
/// the chance to run exit handlers when the run ends, so the run-wide shared cluster would outlive the run.
/// </summary>
public sealed class PostgresClusterFixture : IAsyncLifetime
{
    public PostgresServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
