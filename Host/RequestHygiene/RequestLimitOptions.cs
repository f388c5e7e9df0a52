using System.ComponentModel.DataAnnotations;

namespace ChatWidget.Host.RequestHygiene;

/// <summary>Kestrel's limits for every request, bound from <c>ChatWidget:Limits</c> and validated at start.</summary>
public sealed class RequestLimitOptions
{
    public const string SectionName = "ChatWidget:Limits";

    /// <summary>Largest request body of any endpoint; the token form (32 KiB) and chat body (<c>ChatWidget:Chat:MaxRequestBytes</c>)
    /// have their own smaller limits. Raised to the chat limit if set below it.</summary>
    [Range(1024, 64 * 1024 * 1024, ErrorMessage = "ChatWidget:Limits:MaxRequestBodyBytes must be between 1024 and 67108864.")]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>All request headers together; an 8 KiB access token fits with room to spare.</summary>
    [Range(8 * 1024, 1024 * 1024, ErrorMessage = "ChatWidget:Limits:MaxRequestHeadersTotalBytes must be between 8192 and 1048576.")]
    public int MaxRequestHeadersTotalBytes { get; set; } = 32 * 1024;

    [Range(10, 1000, ErrorMessage = "ChatWidget:Limits:MaxRequestHeaderCount must be between 10 and 1000.")]
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>The request line (method, path and query).</summary>
    [Range(1024, 64 * 1024, ErrorMessage = "ChatWidget:Limits:MaxRequestLineBytes must be between 1024 and 65536.")]
    public int MaxRequestLineBytes { get; set; } = 8 * 1024;
}
