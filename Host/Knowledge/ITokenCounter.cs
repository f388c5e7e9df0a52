namespace ChatWidget.Host.Knowledge;

/// <summary>
/// Counts the tokens of a text as prompts are counted, so that the profile's own entries cost its knowledge budget what
/// they cost the prompt (the chat's prompt token counter implements it; one tokenizer per process).
/// </summary>
public interface ITokenCounter
{
    int Count(string? text);
}
