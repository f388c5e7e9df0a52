using System.Text.Json;

namespace ChatWidget.Host.Tests.Fakes;

/// <summary>One request as the fake upstream received it.</summary>
public sealed record RecordedUpstreamRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    JsonElement Body)
{
    public bool Stream => Body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
}
