namespace ChatWidget.Benchmarks.Processes;

/// <summary>
/// Debian's programs the shared-state sections run as they ship (redis-server, nginx). A missing one stops the run
/// with the one command that installs it, before anything was measured.
/// </summary>
public static class SystemProgram
{
    public static string RedisServer => Find("redis-server", "/usr/bin/redis-server", "redis-server");

    public static string Nginx => Find("nginx", "/usr/sbin/nginx", "nginx");

    private static string Find(string name, string debianPath, string package)
    {
        if (File.Exists(debianPath)) return debianPath;
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException(
            $"{name} is not installed ({debianPath}); install it with: apt-get install -y {package}  (or --skip shared-state,scale-out)");
    }
}
