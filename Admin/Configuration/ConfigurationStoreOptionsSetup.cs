using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Resolves the data directory against the content root and checks every setting at start-up, so a bad
/// configuration stops the host with a message naming the setting rather than failing at the first request.
/// </summary>
internal sealed class ConfigurationStoreOptionsSetup(IHostEnvironment environment, IConfiguration configuration)
    : IPostConfigureOptions<ConfigurationStoreOptions>, IValidateOptions<ConfigurationStoreOptions>
{
    public const int MaxRefreshSeconds = 3600;

    public void PostConfigure(string? name, ConfigurationStoreOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            options.DataDirectory = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.DataDirectory));
        }

        if (!string.IsNullOrWhiteSpace(options.SeedFile))
        {
            options.SeedFile = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.SeedFile));
        }
        else
        {
            options.SeedFile = null;
        }

        options.Database ??= new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        options.Database.ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? null : connectionString;
        if (string.Equals(options.Database.Provider, "PostgreSQL", StringComparison.OrdinalIgnoreCase))
        {
            options.Database.Provider = DatabaseProviders.Postgres;
        }
    }

    public ValidateOptionsResult Validate(string? name, ConfigurationStoreOptions options)
    {
        var failures = new List<string>();
        const string prefix = ConfigurationStoreOptions.SectionName + ":";

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{prefix}{nameof(options.DataDirectory)} must name a directory.");
        }

        if (options.SeedFile is not null && !File.Exists(options.SeedFile))
        {
            failures.Add($"{prefix}{nameof(options.SeedFile)}: the file \"{options.SeedFile}\" does not exist.");
        }

        if (options.ConfigurationRefreshSeconds is < 1 or > MaxRefreshSeconds)
        {
            failures.Add($"{prefix}{nameof(options.ConfigurationRefreshSeconds)} must be between 1 and {MaxRefreshSeconds} (was {options.ConfigurationRefreshSeconds}).");
        }

        if (!OriginRules.TryNormalize(options.Demo?.PartnerOrigin, out _))
        {
            failures.Add($"{prefix}Demo:PartnerOrigin must be an origin of the form scheme://host[:port] (was \"{options.Demo?.PartnerOrigin}\").");
        }

        failures.AddRange(CheckDatabase(options.Database));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> CheckDatabase(DatabaseOptions database)
    {
        const string provider = DatabaseOptions.SectionName + ":" + nameof(DatabaseOptions.Provider);
        if (!database.UsesPostgres && !string.Equals(database.Provider, DatabaseProviders.Sqlite, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{provider} must be {DatabaseProviders.Sqlite} or {DatabaseProviders.Postgres} (was \"{database.Provider}\").";
            yield break;
        }

        if (!database.UsesPostgres) yield break;
        if (database.ConnectionString is null)
        {
            yield return $"{DatabaseOptions.ConnectionStringSetting} must be set when {provider} is {DatabaseProviders.Postgres} " +
                         "(for example Host=db.example.org;Database=chatwidget;Username=chatwidget;Password=...).";
            yield break;
        }

        if (PostgresConnectionStrings.Problem(database.ConnectionString) is { } problem)
        {
            yield return $"{DatabaseOptions.ConnectionStringSetting} {problem}.";
        }
    }
}
