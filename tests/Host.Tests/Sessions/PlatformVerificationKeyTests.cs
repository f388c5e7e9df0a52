using System.Security.Cryptography;
using System.Text;
using ChatWidget.Host.Sessions;

namespace ChatWidget.Host.Tests.Sessions;

/// <summary>
/// Keys reuse their crypto objects across verifications (see CryptoInstancePool); many launches verified at once
/// with one platform key must each get their own, right, answer.
/// </summary>
public sealed class PlatformVerificationKeyTests
{
    [Fact]
    public async Task An_es256_key_verifies_many_signatures_at_once_and_still_refuses_every_forged_one()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var key = PlatformVerificationKey.FromPem("k1", signer.ExportSubjectPublicKeyInfoPem());

        await AssertConcurrentVerdictsAsync(key, data => signer.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public async Task An_rs256_key_verifies_many_signatures_at_once_and_still_refuses_every_forged_one()
    {
        using var signer = RSA.Create(2048);
        var key = PlatformVerificationKey.FromPem("k1", signer.ExportSubjectPublicKeyInfoPem());

        await AssertConcurrentVerdictsAsync(key, data => signer.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static async Task AssertConcurrentVerdictsAsync(PlatformVerificationKey key, Func<byte[], byte[]> sign)
    {
        var inputs = Enumerable.Range(0, 400).Select(i => Encoding.ASCII.GetBytes($"header.payload-{i}")).ToArray();
        var signatures = inputs.Select(sign).ToArray();

        // Every other check pairs an input with the next input's signature: a forgery that must fail.
        var verdicts = await Task.WhenAll(inputs.Select((input, i) => Task.Run(() =>
            key.Verify(input, signatures[i % 2 == 0 ? i : (i + 1) % inputs.Length]))));

        for (var i = 0; i < verdicts.Length; i++)
            Assert.True(verdicts[i] == (i % 2 == 0), $"check {i}: expected {(i % 2 == 0 ? "valid" : "forged")}");
    }
}
