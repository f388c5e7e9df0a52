using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Reads a seed file's JSON (comments and trailing commas allowed, unknown fields refused) into a <see cref="SeedFileDocument"/>;
/// a syntax or type error becomes an <see cref="InvalidSeedFileException"/> naming its JSON path, never quoting the value.
/// </summary>
internal static partial class SeedFileParser
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // A misspelt field (sharedSecrett) would otherwise be ignored silently and the platform left without a key.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static async Task<SeedFileDocument> ParseAsync(Stream stream, string path, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<SeedFileDocument>(stream, JsonOptions, cancellationToken)
                ?? throw new InvalidSeedFileException(path, ["(root): must be a JSON object with models, profiles, platforms and team"]);
        }
        catch (JsonException e)
        {
            throw new InvalidSeedFileException(path, [DescribeJsonError(e)]);
        }
    }

    /// <summary>
    /// Builds the message from the position and path only: the serializer's own message can quote part of the
    /// offending value, which may be a secret.
    /// </summary>
    private static string DescribeJsonError(JsonException e)
    {
        var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(root)" : e.Path.TrimStart('$', '.');
        var where = e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : "";
        var unknown = UnmappedProperty().Match(e.Message);
        if (unknown.Success)
        {
            // The path already ends with the unknown property's name.
            return $"{field}: is not a known field{where}";
        }

        return e.Message.Contains("could not be converted", StringComparison.Ordinal)
            ? $"{field}: has the wrong type{where}"
            : $"{field}: is not valid JSON{where}";
    }

    [GeneratedRegex("The JSON property '([^']{1,100})' could not be mapped")]
    private static partial Regex UnmappedProperty();
}
