using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ChatWidget.TestServers;

/// <summary>
/// A self-signed ECDSA P-256 certificate for 127.0.0.1 and localhost, written as PEM files for a TLS server on loopback
/// (nginx's <c>ssl_certificate</c> and <c>ssl_certificate_key</c>). Clients trust exactly this certificate, nothing else.
/// </summary>
public sealed class TestCertificate : IDisposable
{
    private TestCertificate(X509Certificate2 certificate, string certificateFile, string keyFile)
    {
        Certificate = certificate;
        CertificateFile = certificateFile;
        KeyFile = keyFile;
    }

    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate, PEM.</summary>
    public string CertificateFile { get; }

    /// <summary>Its private key, PKCS#8 PEM, mode 0600.</summary>
    public string KeyFile { get; }

    public static TestCertificate Create(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));

        Directory.CreateDirectory(directory);
        var certificateFile = Path.Combine(directory, "certificate.pem");
        var keyFile = Path.Combine(directory, "certificate.key");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new TestCertificate(certificate, certificateFile, keyFile);
    }

    /// <summary>For a TLS client's validation callback: true only for this very certificate.</summary>
    public bool Matches(X509Certificate? presented) =>
        presented is not null && presented.GetCertHashString(HashAlgorithmName.SHA256) == Certificate.GetCertHashString(HashAlgorithmName.SHA256);

    public void Dispose() => Certificate.Dispose();
}
