namespace ChatWidget.Host.Knowledge;

/// <summary>One piece of knowledge placed in a turn's prompt: the text of a chunk (or an entry's answer) and its numbered source.</summary>
/// <param name="Heading">The chunk's heading path ("Grading › Late work"), or null.</param>
/// <param name="Tokens">What it costs of the profile's knowledge budget.</param>
public sealed record KnowledgeExcerpt(KnowledgeSource Source, string? Heading, string Text, int Tokens);
