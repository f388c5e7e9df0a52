namespace ChatWidget.Host.Chat;

/// <summary>The history that fits the model's context window.</summary>
/// <param name="Messages">The kept messages, oldest first; empty when <paramref name="Fits"/> is false.</param>
/// <param name="PromptTokens">Estimated prompt tokens: system message, kept messages, overheads.</param>
/// <param name="Dropped">How many of the oldest messages were dropped.</param>
/// <param name="Fits">False when even the system message and the last user message alone exceed the budget.</param>
/// <param name="Budget">Tokens left for the history after the system message, the output reservation and priming;
/// zero or less means the profile itself cannot fit its model, whatever the client sends.</param>
public sealed record TrimmedHistory(IReadOnlyList<ChatRequestMessage> Messages, int PromptTokens, int Dropped, bool Fits, long Budget);
