namespace ChatWidget.Host.Lti.Registration;

/// <summary>
/// A dynamic registration that cannot go on. <see cref="Advice"/> is for the administrator watching the platform's
/// registration frame: what to check. The exception's message is the precise reason, for the server log only, and is
/// built from values that carry no secret (it is scrubbed of the invite secret and registration token all the same).
/// </summary>
public sealed class DynamicRegistrationException(string advice, string reason, int statusCode = StatusCodes.Status502BadGateway)
    : Exception(reason)
{
    public string Advice { get; } = advice;

    /// <summary>400 when the request itself is wrong; 502 when the platform's side failed; 409 for a duplicate.</summary>
    public int StatusCode { get; } = statusCode;
}
