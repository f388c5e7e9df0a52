using ChatWidget.Admin.Configuration;

namespace ChatWidget.Host.Knowledge;

/// <summary>A knowledge entry that answers a question, with how well it does.</summary>
/// <param name="Score">BM25F relevance; only comparable between entries for the same question.</param>
/// <param name="Coverage">Share (0..1) of the question's informative words the entry accounts for.</param>
public sealed record KnowledgeMatch(KnowledgeEntry Entry, double Score, double Coverage);
