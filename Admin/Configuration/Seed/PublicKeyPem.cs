using System.Security.Cryptography;

namespace ChatWidget.Admin.Configuration;

/// <summary>What a platform's PEM turns out to hold, so the seed validator can say precisely what is wrong.</summary>
internal enum PublicKeyKind
{
    Unreadable,
    PrivateKey,
    Rsa,
    EcP256,
    EcOtherCurve,
}

internal static class PublicKeyPem
{
    public static PublicKeyKind Inspect(string pem)
    {
        if (!PemEncoding.TryFind(pem, out var fields))
        {
            return PublicKeyKind.Unreadable;
        }

        var label = pem[fields.Label];
        if (label.Contains("PRIVATE", StringComparison.Ordinal))
        {
            return PublicKeyKind.PrivateKey;
        }

        if (label is not "PUBLIC KEY" and not "RSA PUBLIC KEY")
        {
            return PublicKeyKind.Unreadable;
        }

        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return PublicKeyKind.Rsa;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // Not RSA: try EC below.
        }

        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(pem);
            var curve = ecdsa.ExportParameters(false).Curve;
            return curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value ? PublicKeyKind.EcP256 : PublicKeyKind.EcOtherCurve;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            return PublicKeyKind.Unreadable;
        }
    }
}
