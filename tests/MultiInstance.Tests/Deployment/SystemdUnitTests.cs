using System.Globalization;
using System.Text.RegularExpressions;
using ChatWidget.MultiInstance.Tests.Harness;
using ChatWidget.TestServers;

namespace ChatWidget.MultiInstance.Tests.Deployment;

/// <summary>
/// deploy/systemd: the template unit and the target pass <c>systemd-analyze verify</c> (which needs no running systemd).
/// They are verified as copies in a temporary directory, unchanged except that, when this machine has no
/// /usr/bin/dotnet, ExecStart's program is rewritten to the dotnet running the tests: verify insists that the program
/// exists, and nothing is installed into /usr or /opt for the test.
/// </summary>
public sealed partial class SystemdUnitTests : IDisposable
{
    private const string Template = "chatwidget@.service";
    private const string Target = "chatwidget.target";
    private const string ShippedDotnet = "/usr/bin/dotnet";

    private readonly string _directory = Directory.CreateTempSubdirectory("chatwidget-units-").FullName;

    [Fact]
    public async Task UnitFilesPassSystemdAnalyzeVerify()
    {
        CopyUnits();

        // verify exits 0 on warnings such as an unknown key or a misplaced setting, so any output is a failure too.
        var output = await ServerProcess.RunAsync("systemd-analyze",
            ["verify", Path.Combine(_directory, "chatwidget@5001.service"), Path.Combine(_directory, Target)], TimeSpan.FromSeconds(60));

        Assert.True(output.Trim().Length == 0, $"systemd-analyze verify warned:\n{output}");
    }

    [Fact]
    public async Task InstanceIsHardened()
    {
        CopyUnits();

        // Exposure 0 (locked down) to 10 (unprotected); --threshold fails the command above 3.0.
        var output = await ServerProcess.RunAsync("systemd-analyze",
            ["security", "--offline=true", "--threshold=30", "--no-pager", Path.Combine(_directory, "chatwidget@5001.service")], TimeSpan.FromSeconds(60));

        Assert.Contains("Overall exposure level", output);
    }

    [Fact]
    public void InstanceListensOnItsPortAndStopsAfterHostDrained()
    {
        var unit = File.ReadAllText(Path.Combine(RepositoryLayout.SystemdUnits, Template));
        var environment = File.ReadAllText(RepositoryLayout.EnvironmentExample);

        Assert.Contains("--urls http://127.0.0.1:%i", Setting(unit, "ExecStart"));
        Assert.Equal("SIGTERM", Setting(unit, "KillSignal"));
        var drain = int.Parse(DrainSeconds().Match(environment).Groups[1].Value, CultureInfo.InvariantCulture);
        var stopTimeout = int.Parse(Setting(unit, "TimeoutStopSec").TrimEnd('s'), CultureInfo.InvariantCulture);
        Assert.True(stopTimeout >= drain + 10,
            $"TimeoutStopSec={stopTimeout} must leave Host its drain time (ChatWidget__Shutdown__DrainSeconds={drain}) and some to exit.");
        Assert.Equal("/etc/chatwidget/chatwidget.env", Setting(unit, "EnvironmentFile"));
        Assert.Contains("ChatWidget__DataDirectory=/var/lib/chatwidget", environment);
        Assert.Equal("chatwidget", Setting(unit, "StateDirectory"));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private void CopyUnits()
    {
        var dotnet = File.Exists(ShippedDotnet) ? ShippedDotnet : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? Environment.ProcessPath!;
        foreach (var unit in new[] { Template, Target })
        {
            var text = File.ReadAllText(Path.Combine(RepositoryLayout.SystemdUnits, unit));
            File.WriteAllText(Path.Combine(_directory, unit), text.Replace("ExecStart=" + ShippedDotnet + " ", "ExecStart=" + dotnet + " ", StringComparison.Ordinal));
        }
    }

    private static string Setting(string unit, string key) =>
        unit.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(key + "=", StringComparison.Ordinal))?[(key.Length + 1)..]
        ?? throw new InvalidOperationException($"The unit has no {key}=.");

    [GeneratedRegex(@"(?m)^\s*#?\s*ChatWidget__Shutdown__DrainSeconds=(\d+)")]
    private static partial Regex DrainSeconds();
}
