using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.Observability;

/// <summary>Section <c>ChatWidget:Usage</c>: the usage store's batches and how long its days are kept.</summary>
public sealed class UsageOptions
{
    public const string SectionName = "ChatWidget:Usage";

    /// <summary>Off: turns are not aggregated at all (metrics still are).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often this instance writes what it counted (one batch, one transaction).</summary>
    [Range(1, 3600)]
    public int FlushSeconds { get; set; } = 30;

    /// <summary>UTC days kept, today included; older days are deleted.</summary>
    [Range(1, 3660)]
    public int RetentionDays { get; set; } = 400;
}
