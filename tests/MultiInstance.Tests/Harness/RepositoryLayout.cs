using System.Reflection;

namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>Where the repository's files are: Host's build output, the built widget, the deployment files.</summary>
public static class RepositoryLayout
{
    /// <summary>Set to run the tests against another build of Host, e.g. a `dotnet publish` output.</summary>
    public const string HostAssemblyVariable = "CHATWIDGET_HOST_ASSEMBLY";

    public static string Root { get; } = Metadata("ChatWidget.RepositoryRoot");

    /// <summary>Host.dll of the same build configuration as these tests (the project reference builds it first).</summary>
    public static string HostAssembly =>
        Environment.GetEnvironmentVariable(HostAssemblyVariable) is { Length: > 0 } path ? Path.GetFullPath(path) : Metadata("ChatWidget.HostAssembly");

    public static string WidgetDist => Path.Combine(Root, "Widget", "dist");

    public static string Deploy => Path.Combine(Root, "deploy");

    /// <summary>The nginx site the tests run (deploy/nginx/chatwidget.conf), included as it is.</summary>
    public static string NginxSite => Path.Combine(Deploy, "nginx", "chatwidget.conf");

    /// <summary>The machine-specific files the site includes (deploy/nginx/chatwidget/), as shipped.</summary>
    public static string NginxIncludes => Path.Combine(Deploy, "nginx", "chatwidget");

    public static string SystemdUnits => Path.Combine(Deploy, "systemd");

    public static string EnvironmentExample => Path.Combine(Deploy, "chatwidget.env.example");

    private static string Metadata(string key) =>
        typeof(RepositoryLayout).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The test assembly lacks its {key} metadata (set in MultiInstance.Tests.csproj).");
}
