using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Lets <c>dotnet ef migrations add NAME --context PostgresConfigurationDbContext</c> build the PostgreSQL context without
/// a server: adding a migration only compares the model with the snapshot, it never connects.
/// </summary>
internal sealed class PostgresConfigurationDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgresConfigurationDbContext>
{
    public PostgresConfigurationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ConfigurationDbContext>().UseNpgsql("Host=localhost;Database=chatwidget_design_time").Options);
}
