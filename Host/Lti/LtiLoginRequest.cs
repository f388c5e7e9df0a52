using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace ChatWidget.Host.Lti;

/// <summary>The parameters of an OIDC third-party initiated login, from the query (GET) or the form (POST).</summary>
/// <param name="LoginHint">Opaque to Host and passed back unaltered; platforms put their user id here, so it is never logged.</param>
internal sealed partial record LtiLoginRequest(
    string Issuer,
    string LoginHint,
    string TargetLinkUri,
    string? MessageHint,
    string? ClientId,
    string? DeploymentId,
    string? StorageTarget)
{
    /// <summary>Null when a required parameter is missing, a parameter is repeated, or the storage target is not a frame name.</summary>
    public static LtiLoginRequest? From(IEnumerable<KeyValuePair<string, StringValues>> parameters)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in parameters)
        {
            if (value.Count != 1) return null;
            values[name] = value.ToString();
        }

        string? Get(string name) => values.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        if (Get("iss") is not { } issuer || Get("login_hint") is not { } loginHint || Get("target_link_uri") is not { } target) return null;
        var storageTarget = Get("lti_storage_target");
        if (storageTarget is not null && !FrameName().IsMatch(storageTarget)) return null;
        return new LtiLoginRequest(issuer, loginHint, target, Get("lti_message_hint"), Get("client_id"), Get("lti_deployment_id"), storageTarget);
    }

    public override string ToString() => $"LtiLoginRequest {Issuer} client={ClientId}";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex FrameName();
}
