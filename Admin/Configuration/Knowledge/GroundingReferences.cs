using Microsoft.EntityFrameworkCore;

namespace ChatWidget.Admin.Configuration.Knowledge;

/// <summary>
/// What a profile's grounding may name: published knowledge bases, and as embedding model an existing model of the
/// openai provider (embeddings need an OpenAI-compatible <c>/embeddings</c> endpoint). One rule for the profile form,
/// profile publishing and the seed file.
/// </summary>
public static class GroundingReferences
{
    /// <param name="publishedBases">Ids of the knowledge bases that are (or, in a seed file, will be) published.</param>
    /// <param name="providerOf">The provider of a model id, or null when there is no such model.</param>
    /// <returns>(field, message): the field is "knowledgeBases" or "embeddingModel".</returns>
    public static IReadOnlyList<(string Field, string Message)> Check(IReadOnlyList<string> knowledgeBaseIds, string? embeddingModel,
        IReadOnlySet<string> publishedBases, Func<string, string?> providerOf)
    {
        var problems = new List<(string, string)>();
        foreach (var id in knowledgeBaseIds.Where(id => !publishedBases.Contains(id)).Distinct(StringComparer.Ordinal))
            problems.Add(("knowledgeBases", $"The knowledge base {id} does not exist or is not published."));
        if (!string.IsNullOrEmpty(embeddingModel))
        {
            var provider = providerOf(embeddingModel);
            if (provider is null) problems.Add(("embeddingModel", $"The embedding model {embeddingModel} does not exist."));
            else if (provider != ModelProviders.OpenAi)
                problems.Add(("embeddingModel", $"The embedding model {embeddingModel} is not an openai model; embeddings need an OpenAI-compatible endpoint."));
        }

        return problems;
    }

    /// <summary><see cref="Check"/> against the live configuration, as the profile form sees it.</summary>
    public static IReadOnlyList<(string Field, string Message)> Check(IReadOnlyList<string> knowledgeBaseIds, string? embeddingModel, ConfigurationSnapshot snapshot) =>
        Check(knowledgeBaseIds, embeddingModel, snapshot.KnowledgeRevisions.Keys.ToHashSet(StringComparer.Ordinal),
            id => snapshot.Models.TryGetValue(id, out var model) ? model.Provider : null);

    /// <summary><see cref="Check"/> against the database, when a profile is published.</summary>
    public static async Task<IReadOnlyList<(string Field, string Message)>> CheckAsync(ConfigurationDbContext db, ProfileDocument document,
        CancellationToken cancellationToken)
    {
        if (document.KnowledgeBases.Count == 0 && string.IsNullOrEmpty(document.EmbeddingModel)) return [];
        var published = (await KnowledgePublisher.RevisionsOfAsync(db, document.KnowledgeBases, cancellationToken)).Keys.ToHashSet(StringComparer.Ordinal);
        var provider = string.IsNullOrEmpty(document.EmbeddingModel)
            ? null
            : await db.Models.AsNoTracking().Where(m => m.Id == document.EmbeddingModel).Select(m => m.Provider).SingleOrDefaultAsync(cancellationToken);
        return Check(document.KnowledgeBases, document.EmbeddingModel, published, _ => provider);
    }
}
