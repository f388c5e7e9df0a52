using System.Data.Common;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>Reads the rows both indexes select (the chunk's columns, then a score) into <see cref="KnowledgeHit"/>s.</summary>
internal static class KnowledgeHitReader
{
    /// <summary>The chunk columns every search selects, in the order <see cref="ReadAsync"/> reads them, ahead of the score.</summary>
    public const string Columns =
        """c."Id", c."KnowledgeBaseId", c."SourceId", c."SourceTitle", c."SourceUrl", c."Heading", c."Text", c."Tokens", c."ContentHash" """;

    public static async Task<IReadOnlyList<KnowledgeHit>> ReadAsync(DbDataReader reader, bool lowerScoreIsBetter, CancellationToken cancellationToken)
    {
        var hits = new List<KnowledgeHit>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var score = Convert.ToDouble(reader.GetValue(9), System.Globalization.CultureInfo.InvariantCulture);
            hits.Add(new KnowledgeHit(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetString(6), reader.GetInt32(7), reader.GetString(8), lowerScoreIsBetter ? -score : score));
        }

        return hits;
    }
}
