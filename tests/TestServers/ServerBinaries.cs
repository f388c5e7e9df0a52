namespace ChatWidget.TestServers;

/// <summary>
/// Finds the system programs the server tests run. A missing one fails the test with the one command that installs
/// it; `npm test` runs that command itself when it runs as root with apt-get.
/// </summary>
public static class ServerBinaries
{
    public static string Redis => Find("redis-server", "redis-server", ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]);

    public static string Nginx => Find("nginx", "nginx", ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx"]);

    /// <summary>The directory of PostgreSQL's server programs (initdb, pg_ctl, postgres), newest version first.</summary>
    public static string PostgresBin
    {
        get
        {
            var versions = Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(v => int.TryParse(Path.GetFileName(v), out var n) ? n : 0)
                : Enumerable.Empty<string>();
            foreach (var version in versions)
            {
                var bin = Path.Combine(version, "bin");
                if (File.Exists(Path.Combine(bin, "initdb")) && File.Exists(Path.Combine(bin, "pg_ctl"))) return bin;
            }

            throw Missing("PostgreSQL's initdb and pg_ctl", "postgresql");
        }
    }

    private static string Find(string name, string package, string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate)) return candidate;
        }

        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }

        throw Missing(name, package);
    }

    private static InvalidOperationException Missing(string what, string package) =>
        new($"{what} is not installed. Install it with: sudo apt-get install -y {package}  (npm test does this itself when run as root)");
}
