using System.Security.Cryptography;

namespace ChatWidget.Host.Sessions;

/// <summary>A public key of Host's LTI tool, as <c>/lti/jwks</c> publishes it (the private half never leaves the key ring).</summary>
public sealed record ToolPublicKey(string KeyId, RSAParameters Parameters)
{
    public override string ToString() => $"ToolPublicKey {KeyId}";
}
