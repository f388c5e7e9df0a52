using System.Text.Json.Serialization;

namespace ChatWidget.Host.Errors;

/// <summary>Errors in OpenAI's shape, <c>{"error": {"message", "type", "code"}}</c>, so OpenAI clients understand them.</summary>
public sealed record OpenAiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("code")] string Code)
{
    public object ToBody() => new { error = this };

    public static IResult BadRequest(string message, string code = "invalid_request") =>
        Result(StatusCodes.Status400BadRequest, message, "invalid_request_error", code);

    public static IResult Unauthorized(string message = "The access token is missing, invalid or expired.") =>
        Result(StatusCodes.Status401Unauthorized, message, "authentication_error", "invalid_token");

    public static IResult Forbidden(string message, string code = "forbidden") =>
        Result(StatusCodes.Status403Forbidden, message, "permission_error", code);

    public static IResult TooLarge(string message) =>
        Result(StatusCodes.Status413PayloadTooLarge, message, "invalid_request_error", "request_too_large");

    public static IResult UpstreamUnavailable(string message = "The assistant is unavailable right now. Try again in a moment.") =>
        Result(StatusCodes.Status503ServiceUnavailable, message, "server_error", "upstream_unavailable");

    public static IResult BadGateway(string message = "The assistant's model returned an error. Try again in a moment.") =>
        Result(StatusCodes.Status502BadGateway, message, "server_error", "upstream_error");

    public static IResult ServerError() =>
        Result(StatusCodes.Status500InternalServerError, "The server had an error while processing your request. Try again in a moment.",
            "server_error", "internal_error");

    /// <summary>The 503 of a profile that cannot answer whatever the client sends; the reason goes to the log only.</summary>
    public static IResult ProfileMisconfigured() =>
        Result(StatusCodes.Status503ServiceUnavailable,
            "This assistant is not configured correctly. Please tell the site's administrator.", "server_error", "profile_misconfigured");

    public static IResult Result(int statusCode, string message, string type, string code) =>
        Results.Json(new OpenAiError(message, type, code).ToBody(), statusCode: statusCode);
}
