using System.Security.Cryptography;

namespace ChatWidget.Host.Sessions;

/// <summary>
/// A key that verifies one platform's launch tokens. Each kind of key verifies exactly one algorithm
/// (RSA → RS256, P-256 → ES256, shared secret → HS256), so a token can never make Host use an RSA
/// public key as an HMAC secret or otherwise confuse the algorithms.
/// </summary>
public abstract class PlatformVerificationKey(string? kid)
{
    public string? Kid { get; } = kid;

    public abstract string Algorithm { get; }

    public abstract bool Verify(byte[] signingInput, byte[] signature);

    public static PlatformVerificationKey FromPem(string? kid, string pem)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            var parameters = ecdsa.ExportParameters(false);
            if (parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
                throw new ArgumentException("Only P-256 elliptic-curve keys (ES256) are supported.");
            return new EcKey(kid, parameters);
        }
        catch (CryptographicException)
        {
            // Not an EC key: try RSA below.
        }

        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        if (rsa.KeySize < 2048) throw new ArgumentException("RSA keys must be at least 2048 bits.");
        return new RsaKey(kid, rsa.ExportParameters(false));
    }

    public static PlatformVerificationKey FromSharedSecret(string? kid, byte[] secret) => new HmacKey(kid, secret);

    public static PlatformVerificationKey FromRsaParameters(string? kid, RSAParameters parameters) => new RsaKey(kid, parameters);

    public static PlatformVerificationKey FromEcParameters(string? kid, ECParameters parameters) => new EcKey(kid, parameters);

    private sealed class RsaKey(string? kid, RSAParameters parameters) : PlatformVerificationKey(kid)
    {
        private readonly CryptoInstancePool<RSA> _instances = new(() => RSA.Create(parameters));

        public override string Algorithm => "RS256";

        public override bool Verify(byte[] signingInput, byte[] signature) =>
            _instances.Use(rsa => rsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private sealed class EcKey(string? kid, ECParameters parameters) : PlatformVerificationKey(kid)
    {
        private readonly CryptoInstancePool<ECDsa> _instances = new(() => ECDsa.Create(parameters));

        public override string Algorithm => "ES256";

        public override bool Verify(byte[] signingInput, byte[] signature) =>
            signature.Length == 64 // JWS uses the fixed-size R||S form for ES256
            && _instances.Use(ecdsa => ecdsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    private sealed class HmacKey(string? kid, byte[] secret) : PlatformVerificationKey(kid)
    {
        public override string Algorithm => "HS256";

        public override bool Verify(byte[] signingInput, byte[] signature) =>
            CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, signingInput), signature);
    }
}
