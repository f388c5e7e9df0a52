using Microsoft.Extensions.Primitives;

namespace ChatWidget.Host.Sessions;

/// <summary>The form fields of <c>POST /api/token</c>.</summary>
public sealed record TokenRequest(
    string? GrantType,
    string SubjectToken,
    string? SubjectTokenType,
    string? Platform,
    string? Origin,
    string? Profile,
    string? Password,
    string? LtiStorageValue)
{
    public static TokenRequest? FromForm(IFormCollection form)
    {
        // A field sent twice is ambiguous; refuse rather than guess which one counts.
        if (form.Any(field => field.Value.Count > 1)) return null;
        static string? Value(StringValues v) => string.IsNullOrEmpty(v.ToString()) ? null : v.ToString();

        return new TokenRequest(
            Value(form["grant_type"]),
            form["subject_token"].ToString(),
            Value(form["subject_token_type"]),
            Value(form["platform"]),
            Value(form["origin"]),
            Value(form["profile"]),
            Value(form["password"]),
            Value(form["lti_storage_value"]));
    }

    public override string ToString() => $"TokenRequest {GrantType} platform={Platform}";
}
