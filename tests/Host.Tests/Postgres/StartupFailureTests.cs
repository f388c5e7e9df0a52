using System.Diagnostics;
using ChatWidget.TestServers;

namespace ChatWidget.Host.Tests.Postgres;

/// <summary>Host run as its own process, as an operator starts it, with PostgreSQL nowhere to be reached.</summary>
public sealed class StartupFailureTests
{
    private const string Password = "pg-PASSWORD-never-printed-4711";

    private static string Unreachable() =>
        $"Host=127.0.0.1;Port={FreePort.Next()};Database=chatwidget;Username=chatwidget;Password={Password};Timeout=5";

    [Fact]
    public async Task Host_exits_with_code_1_and_one_line_naming_the_setting_when_PostgreSQL_is_unreachable()
    {
        var (exitCode, output, error) = await RunHostAsync([], new() { ["ConnectionStrings__ChatWidget"] = Unreachable() });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("ConnectionStrings:ChatWidget", line, StringComparison.Ordinal);
        Assert.Contains("Connection refused", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error + output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_copy_command_reports_an_unreachable_target_in_one_line_without_its_password()
    {
        var (exitCode, output, error) = await RunHostAsync(["database", "copy", "--to-postgres", Unreachable()],
            new() { ["ChatWidget__Database__Provider"] = "Sqlite" });

        Assert.Equal(1, exitCode);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("--to-postgres", line, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, error + output, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunHostAsync(string[] arguments, Dictionary<string, string> environment)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("chatwidget-startup-").FullName;
        try
        {
            // Host's build output is copied beside the tests (Host.dll, its deps and runtimeconfig, appsettings.json).
            var start = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = AppContext.BaseDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment =
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["DOTNET_NOLOGO"] = "1",
                    ["ChatWidget__DataDirectory"] = dataDirectory,
                    ["ChatWidget__Database__Provider"] = "Postgres",
                },
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Host.dll"));
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            foreach (var (name, value) in environment) start.Environment[name] = value;

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
