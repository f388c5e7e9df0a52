namespace ChatWidget.Host.Sessions;

/// <summary>
/// A further <c>subject_token_type</c> that <c>POST /api/token</c>'s token exchange accepts besides launch and access
/// tokens (e.g. an LTI launch code). Implementations open sessions with <see cref="TokenExchange.StartSession"/>.
/// </summary>
public interface ISubjectTokenExchange
{
    string SubjectTokenType { get; }

    Task<IResult> ExchangeAsync(TokenRequest request, string hostOrigin, CancellationToken cancellationToken);
}
