using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.Upstreams;

/// <summary>Graceful shutdown, bound from <c>ChatWidget:Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    public const string SectionName = "ChatWidget:Shutdown";

    /// <summary>How long a stopping Host lets answers in progress finish; new connections are refused at once.</summary>
    [Range(0, 3600, ErrorMessage = "ChatWidget:Shutdown:DrainSeconds must be between 0 and 3600.")]
    public int DrainSeconds { get; set; } = 30;
}
