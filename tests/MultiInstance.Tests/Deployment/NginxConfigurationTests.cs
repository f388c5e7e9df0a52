using System.Text.RegularExpressions;
using ChatWidget.MultiInstance.Tests.Harness;
using ChatWidget.TestServers;

namespace ChatWidget.MultiInstance.Tests.Deployment;

/// <summary>
/// deploy/nginx as shipped: the site with its production include files (ports 80 and 443, IPv6, HTTP/2, the two
/// instances) passes <c>nginx -t</c>. Only the certificate paths are pointed at a test certificate, because nginx
/// loads the certificate while testing. The cluster tests run the same site on loopback ports.
/// </summary>
public sealed partial class NginxConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chatwidget-nginx-shipped-").FullName;

    [Fact]
    public async Task ShippedSitePassesNginxTest()
    {
        using var certificate = TestCertificate.Create(Path.Combine(_directory, "tls"));
        var includes = Path.Combine(_directory, "chatwidget");
        Directory.CreateDirectory(includes);
        foreach (var file in Directory.GetFiles(RepositoryLayout.NginxIncludes))
        {
            var text = File.ReadAllText(file);
            if (Path.GetFileName(file) == NginxServer.HttpsListenFile)
            {
                Assert.Matches(CertificateLine(), text);
                text = CertificateLine().Replace(text, m => m.Groups["key"].Success
                    ? $"ssl_certificate_key {certificate.KeyFile};"
                    : $"ssl_certificate {certificate.CertificateFile};");
            }

            File.WriteAllText(Path.Combine(includes, Path.GetFileName(file)), text);
        }

        var output = await NginxServer.TestConfigurationAsync(RepositoryLayout.NginxSite, includes);

        Assert.Contains("test is successful", output);
        Assert.DoesNotContain("[warn]", output);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [GeneratedRegex(@"ssl_certificate(?<key>_key)?\s+[^;]+;")]
    private static partial Regex CertificateLine();
}
