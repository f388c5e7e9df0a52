namespace ChatWidget.Benchmarks.Processes;

/// <summary>Where the repository and its build outputs are, found from this executable's location.</summary>
public sealed class RepositoryPaths
{
    private RepositoryPaths(string root, string configuration)
    {
        Root = root;
        Configuration = configuration;
    }

    public string Root { get; }

    /// <summary>The build configuration this executable was built in; Host is run from the same one.</summary>
    public string Configuration { get; }

    public string HostProjectDirectory => Path.Combine(Root, "Host");

    public string HostAssembly => Path.Combine(HostProjectDirectory, "bin", Configuration, "net10.0", "Host.dll");

    public string ReportFile => Path.Combine(Root, "docs", "benchmarks.md");

    public static RepositoryPaths Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChatWidget.sln")))
            directory = directory.Parent;
        if (directory is null)
            throw new InvalidOperationException($"No ChatWidget.sln above {AppContext.BaseDirectory}: run the benchmark from the repository.");
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release" : "Debug";
        return new RepositoryPaths(directory.FullName, configuration);
    }
}
