using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ChatWidget.Admin.Configuration;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without starting the Host.</summary>
internal sealed class ConfigurationDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ConfigurationDbContext>
{
    public ConfigurationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ConfigurationDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
