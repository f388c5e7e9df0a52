using ChatWidget.MultiInstance.Tests.Harness;
using ChatWidget.TestServers;

namespace ChatWidget.MultiInstance.Tests.Deployment;

/// <summary>
/// Host started as an operator starts it (its own process, settings as environment variables) with something only the
/// operator can fix: it prints the problems, each naming the setting or the seed file's JSON path, and exits with
/// code 1, without a stack trace and without quoting a value that may be secret. The same for an operator command.
/// </summary>
public sealed class StartupProblemTests : IDisposable
{
    private const string Canary = "canary-SECRET-5f2a91";
    private const int StartupExitCode = 1;
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("chatwidget-startup-");

    [Fact]
    public async Task A_setting_out_of_range_is_named_and_Host_exits_1()
    {
        var result = await StartAsync(new() { ["ChatWidget:Sessions:AccessTokenLifetimeSeconds"] = "5" });

        AssertRefused(result, "ChatWidget:Sessions:AccessTokenLifetimeSeconds: The field AccessTokenLifetimeSeconds must be between 30 and 900.");
    }

    [Fact]
    public async Task A_setting_of_the_wrong_type_is_named_without_its_value()
    {
        var result = await StartAsync(new() { ["ChatWidget:Sessions:AccessTokenLifetimeSeconds"] = Canary });

        AssertRefused(result, "ChatWidget:Sessions:AccessTokenLifetimeSeconds: must be a whole number.");
    }

    [Fact]
    public async Task A_seed_file_with_an_unknown_field_is_named_by_its_json_path()
    {
        var seed = Path.Combine(_directory.FullName, "seed.json");
        await File.WriteAllTextAsync(seed, $$"""
            { "models": [ { "id": "offline", "provider": "offline" } ],
              "platforms": [ { "id": "lms", "issuer": "https://lms.example.edu", "sharedSecrett": "{{Canary}}" } ] }
            """);

        var result = await StartAsync(new() { ["ChatWidget:SeedFile"] = seed });

        AssertRefused(result, $"seed file {seed}: platforms[0].sharedSecrett: is not a known field");
    }

    [Fact]
    public async Task Several_problems_are_listed_one_a_line()
    {
        var result = await StartAsync(new()
        {
            ["ChatWidget:Sessions:AccessTokenLifetimeSeconds"] = "5",
            ["ChatWidget:Lti:LaunchCodeSeconds"] = "1",
        });

        AssertRefused(result, "ChatWidget cannot start (2 problems):");
        Assert.Contains("\n  - ChatWidget:Sessions:AccessTokenLifetimeSeconds: ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("\n  - ChatWidget:Lti:LaunchCodeSeconds: ", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreadable_database_connection_string_is_named_without_its_password()
    {
        var result = await StartAsync(new()
        {
            ["ChatWidget:Database:Provider"] = "Postgres",
            ["ConnectionStrings:ChatWidget"] = $"this is not;a connection string;Password={Canary}",
        });

        AssertRefused(result, "ConnectionStrings:ChatWidget is not a PostgreSQL connection string");
    }

    [Fact]
    public async Task An_operator_command_with_an_invalid_seed_file_lists_the_problem_and_exits_1()
    {
        var seed = Path.Combine(_directory.FullName, "seed.json");
        await File.WriteAllTextAsync(seed, """{ "models": [ { "id": "offline", "provider": "offline", "colour": "red" } ] }""");

        var result = await StartAsync(new() { ["ChatWidget:SeedFile"] = seed }, ["admin", "create", "--email", "root@example.org"],
            standardInput: "violet-harbour-92-lantern");

        AssertRefused(result, $"seed file {seed}: models[0].colour: is not a known field");
    }

    private static void AssertRefused(HostCommandResult result, string problem)
    {
        Assert.True(result.ExitCode == StartupExitCode, $"exit code {result.ExitCode}; output:\n{result.Output}");
        Assert.StartsWith("ChatWidget cannot start", result.StandardError, StringComparison.Ordinal);
        Assert.Contains(problem, result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Canary, result.Output, StringComparison.Ordinal);
    }

    private Task<HostCommandResult> StartAsync(Dictionary<string, string?> settings, IReadOnlyList<string>? arguments = null,
        string? standardInput = null)
    {
        var host = HostInstance.Prepare(new HostInstanceOptions
        {
            Name = "host-startup", Port = FreePort.Next(), DataDirectory = Path.Combine(_directory.FullName, "data"), Settings = settings,
        });
        // A start that works would serve until the timeout: the test then fails with a TimeoutException.
        return host.RunCommandAsync(arguments ?? ["--urls", host.BaseAddress.ToString().TrimEnd('/')], standardInput, TimeSpan.FromSeconds(60));
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
