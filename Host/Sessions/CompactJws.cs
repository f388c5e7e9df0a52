using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace ChatWidget.Host.Sessions;

/// <summary>A JWS in compact serialisation, split and decoded but not yet trusted.</summary>
public sealed class CompactJws : IDisposable
{
    private readonly JsonDocument _header;
    private readonly JsonDocument _payload;

    private CompactJws(JsonDocument header, JsonDocument payload, byte[] signingInput, byte[] signature)
    {
        _header = header;
        _payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonElement Header => _header.RootElement;

    public JsonElement Payload => _payload.RootElement;

    /// <summary>The ASCII bytes of <c>header.payload</c>, which the signature covers.</summary>
    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public string? HeaderString(string name) =>
        Header.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool TryParse(string token, out CompactJws? jws)
    {
        jws = null;
        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0) return false;
        try
        {
            var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[0]), new JsonDocumentOptions { MaxDepth = 8 });
            var payload = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[1]), new JsonDocumentOptions { MaxDepth = 8 });
            if (header.RootElement.ValueKind != JsonValueKind.Object || payload.RootElement.ValueKind != JsonValueKind.Object
                || HasDuplicateMembers(header.RootElement) || HasDuplicateMembers(payload.RootElement))
            {
                header.Dispose();
                payload.Dispose();
                return false;
            }

            jws = new CompactJws(header, payload, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64UrlEncoder.DecodeBytes(parts[2]));
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>
    /// RFC 7515 §4 (and RFC 7519 §4 for claims): member names are unique, and a parser that cannot promise which of two
    /// duplicates it reads must refuse the token, or a signer and a verifier could read different values.
    /// </summary>
    private static bool HasDuplicateMembers(JsonElement json)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in json.EnumerateObject())
        {
            if (!names.Add(member.Name)) return true;
        }

        return false;
    }

    public void Dispose()
    {
        _header.Dispose();
        _payload.Dispose();
    }
}
