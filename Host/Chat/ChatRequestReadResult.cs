namespace ChatWidget.Host.Chat;

/// <summary>Either the parsed request or the OpenAI-shaped error to answer with.</summary>
public sealed record ChatRequestReadResult(ChatCompletionRequest? Request, IResult? Error)
{
    public static ChatRequestReadResult Succeeded(ChatCompletionRequest request) => new(request, null);

    public static ChatRequestReadResult Failed(IResult error) => new(null, error);
}
