namespace ChatWidget.Host.Sessions;

/// <summary>
/// Why a launch token was refused. The precise reason goes to the server log and the admin's token tester;
/// the caller only ever sees a generic <c>invalid_grant</c>.
/// </summary>
public enum LaunchTokenFailure
{
    TooLarge,
    Malformed,
    AlgorithmNotAllowed,
    UnsupportedCriticalHeader,
    WrongTokenType,
    KeyIdRequired,
    UnknownKey,
    BadSignature,
    WrongIssuer,
    WrongAudience,
    MissingClaim,
    InvalidClaim,
    Expired,
    NotYetValid,
    IssuedInFuture,
    LifetimeTooLong,
    OriginClaimMismatch,
    Replayed,
}
