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
            var document = await JsonSerializer.DeserializeAsync<SeedFileDocument>(stream, JsonOptions, cancellationToken)
                ?? throw new InvalidSeedFileException(path, ["(root): must be a JSON object with models, profiles, platforms and team"]);
            var errors = ReadProfileKnowledge(document);
            return errors.Count == 0 ? document : throw new InvalidSeedFileException(path, errors);
        }
        catch (JsonException e)
        {
            throw new InvalidSeedFileException(path, [DescribeJsonError(e)]);
        }
    }

    /// <summary>A profile's <c>knowledge</c> is the contract's list of entries, or an object that adds knowledge bases.</summary>
    private static List<string> ReadProfileKnowledge(SeedFileDocument document)
    {
        var errors = new List<string>();
        for (var i = 0; i < (document.Profiles?.Count ?? 0); i++)
        {
            if (document.Profiles![i] is not { KnowledgeJson: { } raw } profile || raw.ValueKind == JsonValueKind.Null) continue;
            var field = $"profiles[{i}].knowledge";
            try
            {
                profile.Knowledge = raw.ValueKind switch
                {
                    JsonValueKind.Array => new SeedProfileKnowledge { Entries = raw.Deserialize<List<SeedKnowledgeEntry>>(JsonOptions), IsList = true },
                    JsonValueKind.Object => raw.Deserialize<SeedProfileKnowledge>(JsonOptions),
                    _ => null,
                };
                if (profile.Knowledge is null)
                    errors.Add($"{field}: must be a list of {{\"q\", \"a\"}} entries or an object with entries, bases, maxTokens, onlyFromSources, embeddingModel");
            }
            catch (JsonException e)
            {
                errors.Add(DescribeJsonError(e, field));
            }
        }

        return errors;
    }

    /// <summary>
    /// Builds the message from the position and path only: the serializer's own message can quote part of the
    /// offending value, which may be a secret.
    /// </summary>
    /// <param name="within">The path of the value <paramref name="e"/> was read from, when it was read on its own (positions are then its own, so left out).</param>
    private static string DescribeJsonError(JsonException e, string? within = null)
    {
        var relative = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : e.Path.TrimStart('$');
        var field = within is not null ? within + relative : relative.Length == 0 ? "(root)" : relative.TrimStart('.');
        var where = within is null && e.LineNumber is { } line ? $" (line {line + 1}, position {(e.BytePositionInLine ?? 0) + 1})" : "";
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
