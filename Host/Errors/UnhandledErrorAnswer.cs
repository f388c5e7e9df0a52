namespace ChatWidget.Host.Errors;

/// <summary>
/// Endpoint metadata: how a surface answers an unhandled exception in its own error shape (OpenAI's on <c>/v1/*</c>,
/// OAuth's on <c>/api/token</c>). Endpoints without it get an HTML page or ProblemDetails (see <see cref="UnhandledExceptionHandler"/>).
/// </summary>
public sealed class UnhandledErrorAnswer(Func<IResult> answer)
{
    public IResult Create() => answer();
}

public static class UnhandledErrorAnswerExtensions
{
    /// <summary>Unhandled exceptions in these endpoints are answered with <paramref name="answer"/> (status 500).</summary>
    public static TBuilder AnswerUnhandledErrorsWith<TBuilder>(this TBuilder builder, Func<IResult> answer)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new UnhandledErrorAnswer(answer));
}
