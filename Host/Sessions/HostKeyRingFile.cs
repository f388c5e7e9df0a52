namespace ChatWidget.Host.Sessions;

/// <summary>Where the host key ring lives with SQLite: <c>host-keys.json</c> in the data directory.</summary>
public sealed record HostKeyRingFile(string Path)
{
    public const string FileName = "host-keys.json";
}
