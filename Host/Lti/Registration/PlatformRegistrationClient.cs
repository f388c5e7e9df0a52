using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatWidget.Host.Lti.Registration;

/// <summary>
/// The two calls a registration makes to the platform: read its OpenID configuration, then post the tool's
/// registration. Through the named client <see cref="HttpClientName"/>: no redirects (the platform's endpoints are
/// called where they say they are), a timeout per call, answers read up to <see cref="BoundedContent.MaxBytes"/>, and
/// no HttpClient logging (the URLs may carry tokens). Nothing is retried: a repeated registration would register twice.
/// </summary>
public sealed class PlatformRegistrationClient(IHttpClientFactory httpClientFactory)
{
    public const string HttpClientName = "lti-registration";
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <param name="registrationToken">Sent as bearer token when the platform gave one (Canvas requires it here too).</param>
    /// <exception cref="DynamicRegistrationException">Not reachable, not answering 200, or not a valid configuration.</exception>
    public async Task<PlatformOpenIdConfiguration> FetchConfigurationAsync(Uri url, string? registrationToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Authorize(request, registrationToken);
        var body = await SendAsync(request, "read the platform's OpenID configuration", "OpenID configuration", cancellationToken,
            status => new DynamicRegistrationException(
                $"The platform's OpenID configuration at {RegistrationUrls.ForLog(url)} answered HTTP {status}. " +
                "Start the registration again from the platform (its registration token may have expired), and check that Host can reach the platform.",
                $"OpenID configuration answered {status}"));
        return PlatformOpenIdConfiguration.Parse(body, url);
    }

    /// <exception cref="DynamicRegistrationException">Not reachable, refused, or answered without a client id.</exception>
    public async Task<ToolRegistrationResponse> RegisterAsync(Uri registrationEndpoint, JsonObject registration, string? registrationToken,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, registrationEndpoint)
        {
            Content = new StringContent(registration.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Authorize(request, registrationToken);
        var body = await SendAsync(request, "send the registration to the platform", "registration endpoint", cancellationToken,
            (status, error) => new DynamicRegistrationException(
                $"The platform refused the registration (HTTP {status}). Start the registration again from the platform's " +
                "dynamic registration form (its registration token is good for one attempt and a short time); " +
                "the platform's reason is in ChatWidget's server log.",
                $"registration endpoint answered {status}{(error is null ? "" : ": " + error)}"));
        return ToolRegistrationResponse.Parse(body);
    }

    private static void Authorize(HttpRequestMessage request, string? registrationToken)
    {
        if (!string.IsNullOrEmpty(registrationToken)) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", registrationToken);
    }

    private Task<byte[]> SendAsync(HttpRequestMessage request, string action, string what, CancellationToken cancellationToken,
        Func<int, DynamicRegistrationException> refused) =>
        SendAsync(request, action, what, cancellationToken, (status, _) => refused(status));

    private async Task<byte[]> SendAsync(HttpRequestMessage request, string action, string what, CancellationToken cancellationToken,
        Func<int, string?, DynamicRegistrationException> refused)
    {
        var target = RegistrationUrls.ForLog(request.RequestUri!);
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                string? error = null;
                try
                {
                    error = PlatformError(await BoundedContent.ReadAsync(response.Content, cancellationToken));
                }
                catch (InvalidDataException)
                {
                    // An oversized error body: the status says enough.
                }

                throw refused((int)response.StatusCode, error);
            }

            return await BoundedContent.ReadAsync(response.Content, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or InvalidDataException
                                      || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var problem = e switch
            {
                InvalidDataException => $"answered more than {BoundedContent.MaxBytes} bytes",
                TaskCanceledException => $"did not answer within {Timeout.TotalSeconds:0} seconds",
                _ => "could not be reached",
            };
            throw new DynamicRegistrationException(
                $"ChatWidget could not {action}: {target} {problem}. Check that Host can reach the platform over HTTPS " +
                "(DNS, firewall, outgoing proxy, certificate), then start the registration again from the platform.",
                $"{what} {target} {problem} ({e.GetType().Name}: {e.Message})");
        }
    }

    /// <summary>
    /// The platform's own words for a refusal, short: <c>error</c> and <c>error_description</c> (RFC 7591), or Canvas's
    /// <c>errors</c>. Only for the log; the caller scrubs secrets from it like every other log text.
    /// </summary>
    private static string? PlatformError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            var parts = new[] { "error", "error_description", "errors" }
                .Where(name => root.TryGetProperty(name, out _))
                .Select(name => $"{name}={(root.GetProperty(name) is { ValueKind: JsonValueKind.String } s ? s.GetString() : root.GetProperty(name).GetRawText())}");
            var text = string.Join("; ", parts);
            return text.Length == 0 ? null : text.Length > 300 ? text[..300] + "…" : text;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
