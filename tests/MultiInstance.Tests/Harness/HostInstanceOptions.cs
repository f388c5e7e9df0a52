namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>How to run one Host process.</summary>
public sealed record HostInstanceOptions
{
    /// <summary>A name for messages and logs, e.g. <c>host-0</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The loopback port (Kestrel's <c>--urls http://127.0.0.1:PORT</c>, as the systemd unit passes it).</summary>
    public required int Port { get; init; }

    /// <summary><c>ChatWidget:DataDirectory</c>. Host creates it (mode 0700) when it does not exist.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// Settings, as configuration keys (<c>ChatWidget:Sessions:Issuer</c>) or environment variable names
    /// (<c>ChatWidget__Sessions__Issuer</c>, <c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>); passed as environment
    /// variables, the way the systemd unit's environment file passes them. A null value removes a default.
    /// </summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary><c>ASPNETCORE_ENVIRONMENT</c>.</summary>
    public string Environment { get; init; } = "Production";

    /// <summary>How long Host may take to answer <c>/healthz</c> after it was started.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(120);
}
