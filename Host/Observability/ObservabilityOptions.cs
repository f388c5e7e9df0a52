using System.ComponentModel.DataAnnotations;
using System.Net;

namespace ChatWidget.Host.Observability;

/// <summary>Section <c>ChatWidget:Observability</c>. OTLP export needs no setting here: the standard OTEL_* variables.</summary>
public sealed class ObservabilityOptions : IValidatableObject
{
    public const string SectionName = "ChatWidget:Observability";

    public PrometheusOptions Prometheus { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Nested options are not reached by ValidateDataAnnotations: the port is checked here.
        if (Prometheus.Port is < 1 or > 65535)
            yield return new ValidationResult($"{SectionName}:Prometheus:Port must be a TCP port (1..65535).");
        foreach (var network in Prometheus.AllowedNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
                yield return new ValidationResult($"{SectionName}:Prometheus:AllowedNetworks: '{network}' is not a network in CIDR form (e.g. 10.0.0.0/8).");
        }
    }
}

/// <summary>The <c>/metrics</c> scrape endpoint: off unless enabled, and then only for the allowed addresses and port.</summary>
public sealed class PrometheusOptions
{
    public bool Enabled { get; set; }

    /// <summary>Loopback: who may scrape when <see cref="AllowedNetworks"/> is empty.</summary>
    public static readonly string[] LoopbackNetworks = ["127.0.0.1/32", "::1/128"];

    /// <summary>Client networks (CIDR) that may scrape; empty means loopback only (a configured list replaces loopback).</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>When set, scrapes are answered only on this local port (add it to Kestrel's URLs, keep it off the proxy).</summary>
    public int? Port { get; set; }
}
