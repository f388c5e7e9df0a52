using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// Public keys a platform publishes at its registered JWKS URL. Fetched on first use, cached, and fetched again
/// when a token names an unknown <c>kid</c> — but at most once per refetch interval, so a flood of tokens with
/// made-up key ids cannot turn Host into a traffic generator. Only the registered URL is ever fetched.
/// </summary>
public sealed class JwksKeySource(IHttpClientFactory httpClientFactory, TimeProvider time, IOptions<SessionOptions> options,
    ILogger<JwksKeySource> logger)
{
    public const string HttpClientName = "jwks";
    private const int MaxJwksBytes = 64 * 1024;
    private readonly ConcurrentDictionary<Uri, CachedJwks> _cache = new();
    private readonly ConcurrentDictionary<Uri, SemaphoreSlim> _fetchLocks = new();

    public async Task<IReadOnlyList<PlatformVerificationKey>> GetKeysAsync(Uri jwksUrl, string? wantedKid, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        if (_cache.TryGetValue(jwksUrl, out var cached) && Fresh(cached, wantedKid, now, settings)) return cached.Keys;

        var fetchLock = _fetchLocks.GetOrAdd(jwksUrl, _ => new SemaphoreSlim(1, 1));
        await fetchLock.WaitAsync(cancellationToken);
        try
        {
            now = time.GetUtcNow();
            if (_cache.TryGetValue(jwksUrl, out cached) && Fresh(cached, wantedKid, now, settings)) return cached.Keys;

            var keys = await FetchAsync(jwksUrl, cancellationToken);
            _cache[jwksUrl] = new CachedJwks(keys ?? cached?.Keys ?? [], now);
            return _cache[jwksUrl].Keys;
        }
        finally
        {
            fetchLock.Release();
        }
    }

    private static bool Fresh(CachedJwks cached, string? wantedKid, DateTimeOffset now, SessionOptions settings)
    {
        var age = now - cached.FetchedAt;
        if (age >= TimeSpan.FromSeconds(settings.JwksCacheSeconds)) return false;
        var knowsKid = wantedKid is null || cached.Keys.Any(k => k.Kid == wantedKid);
        return knowsKid || age < TimeSpan.FromSeconds(settings.JwksRefetchIntervalSeconds);
    }

    /// <summary>Returns null when the fetch failed, so the previous keys stay in use.</summary>
    private async Task<IReadOnlyList<PlatformVerificationKey>?> FetchAsync(Uri jwksUrl, CancellationToken cancellationToken)
    {
        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, jwksUrl);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("JWKS fetch from {JwksUrl} answered {Status}", jwksUrl, (int)response.StatusCode);
                return null;
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new MemoryStream();
            await CopyAtMostAsync(body, buffer, MaxJwksBytes, cancellationToken);
            var keys = Parse(buffer.ToArray());
            logger.LogInformation("Fetched {KeyCount} keys from JWKS {JwksUrl}", keys.Count, jwksUrl);
            return keys;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidDataException or TaskCanceledException
                                      && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("JWKS fetch from {JwksUrl} failed: {Error}", jwksUrl, e.GetType().Name);
            return null;
        }
    }

    private static async Task CopyAtMostAsync(Stream source, Stream destination, int limit, CancellationToken cancellationToken)
    {
        var chunk = new byte[8192];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (destination.Length + read > limit) throw new InvalidDataException("JWKS document too large.");
            await destination.WriteAsync(chunk.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>Reads RSA and P-256 signing keys; skips encryption keys and anything else it does not understand.</summary>
    internal static IReadOnlyList<PlatformVerificationKey> Parse(byte[] json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        if (document.RootElement.ValueKind != JsonValueKind.Object
            || !document.RootElement.TryGetProperty("keys", out var keys) || keys.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("A JWKS document has a \"keys\" array.");

        var result = new List<PlatformVerificationKey>();
        foreach (var key in keys.EnumerateArray())
        {
            string? Member(string name) => key.ValueKind == JsonValueKind.Object && key.TryGetProperty(name, out var v)
                                                                                && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            if (Member("use") is { } use && use != "sig") continue;
            var kid = Member("kid");
            try
            {
                switch (Member("kty"))
                {
                    case "RSA" when Member("n") is { } n && Member("e") is { } e:
                        var modulus = Base64UrlEncoder.DecodeBytes(n);
                        if (modulus.Length * 8 < 2048) continue;
                        result.Add(PlatformVerificationKey.FromRsaParameters(kid, new RSAParameters
                        { Modulus = modulus, Exponent = Base64UrlEncoder.DecodeBytes(e) }));
                        break;
                    case "EC" when Member("crv") == "P-256" && Member("x") is { } x && Member("y") is { } y:
                        var ec = new ECParameters
                        {
                            Curve = ECCurve.NamedCurves.nistP256,
                            Q = new ECPoint { X = Base64UrlEncoder.DecodeBytes(x), Y = Base64UrlEncoder.DecodeBytes(y) },
                        };
                        ec.Validate();
                        result.Add(PlatformVerificationKey.FromEcParameters(kid, ec));
                        break;
                }
            }
            catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
            {
                // A malformed key is skipped; the others in the set still work.
            }
        }

        return result;
    }

    private sealed record CachedJwks(IReadOnlyList<PlatformVerificationKey> Keys, DateTimeOffset FetchedAt);
}
