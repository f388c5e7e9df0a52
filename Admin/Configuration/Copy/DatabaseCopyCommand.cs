using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// <c>database copy --to-postgres "CONNECTION"</c>: copies this SQLite installation into an empty PostgreSQL database and
/// prints how many rows of each table it copied (never a value, never the connection string's password).
/// </summary>
public static class DatabaseCopyCommand
{
    /// <summary>What the less obvious tables hold, so the operator can check the counts against what they expect.</summary>
    private static readonly Dictionary<string, string> Meanings = new(StringComparer.Ordinal)
    {
        ["AspNetUsers"] = "administrators",
        ["AspNetUserTokens"] = "two-factor authenticator keys and recovery codes",
        ["AspNetUserLogins"] = "external sign-ins",
        ["AuditLog"] = "audit log entries",
        ["ConfigurationVersion"] = "configuration version stamp",
        ["KnowledgeEntries"] = "profile knowledge entries",
        ["KnowledgeBases"] = "knowledge bases",
        ["KnowledgeChunks"] = "indexed chunks of published knowledge (PostgreSQL indexes them as they arrive)",
        ["KnowledgeDocuments"] = "uploaded knowledge documents (text only)",
        ["KnowledgeEmbeddings"] = "embedding vectors of knowledge chunks",
        ["PlatformKeys"] = "platform verification keys (secrets as ciphertext)",
        ["PlatformLtiRoles"] = "LTI role to profile mappings",
        ["LtiRegistrationInvites"] = "LTI dynamic registration links (hashes only)",
        ["Models"] = "models (API keys as ciphertext)",
        ["ProfileDrafts"] = "unpublished profile drafts",
        ["ProfileVersions"] = "published profile versions",
        ["TeamAccess"] = "team access (password as a hash)",
        [SqliteToPostgresCopy.DataProtectionKeysTable] = "Data Protection keys, from DataDirectory/keys",
        [SqliteToPostgresCopy.HostKeyRingTable] = "Host's signing and learner-hash keys, from host-keys.json",
    };

    /// <returns>0 when copied, 1 when refused or the target is unavailable, 2 for a usage error.</returns>
    public static async Task<int> RunAsync(IServiceProvider services, string targetConnectionString, string? hostKeyRingFile,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<ConfigurationStoreOptions>>().Value;
        if (options.Database.UsesPostgres)
        {
            await error.WriteLineAsync(
                $"database copy --to-postgres copies the SQLite installation in {ConfigurationStoreOptions.SectionName}:DataDirectory; " +
                $"run it with {DatabaseOptions.SectionName}:Provider={DatabaseProviders.Sqlite} (the default).");
            return 2;
        }

        if (PostgresConnectionStrings.Problem(targetConnectionString) is { } problem)
        {
            await error.WriteLineAsync($"The --to-postgres value {problem}.");
            return 2;
        }

        try
        {
            var report = await ActivatorUtilities.CreateInstance<SqliteToPostgresCopy>(services)
                .CopyAsync(targetConnectionString, hostKeyRingFile, cancellationToken);
            await output.WriteLineAsync(
                $"Copied the SQLite installation in {options.DataDirectory} to PostgreSQL ({PostgresConnectionStrings.Describe(targetConnectionString)}):");
            foreach (var (table, rows) in report.Tables)
            {
                await output.WriteLineAsync($"  {table,-22} {rows,6}  {Meanings.GetValueOrDefault(table)}".TrimEnd());
            }

            await output.WriteLineAsync(
                $"Start every Host with {DatabaseOptions.SectionName}:Provider={DatabaseProviders.Postgres} and {DatabaseOptions.ConnectionStringSetting} " +
                "set to this database. The SQLite files were not changed.");
            return 0;
        }
        catch (Exception e) when (e is DatabaseCopyRefusedException or ConfigurationDatabaseUnavailableException)
        {
            await error.WriteLineAsync(e.Message);
            return 1;
        }
    }
}
