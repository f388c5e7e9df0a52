using Microsoft.AspNetCore.DataProtection;

namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Encrypts model API keys and platform shared secrets for storage with ASP.NET Core Data Protection
/// (keys in DataDirectory/keys). Plaintext exists only in the in-memory <see cref="ConfigurationSnapshot"/>.
/// </summary>
public sealed class ConfigurationSecretProtector(IDataProtectionProvider provider)
{
    // The purpose isolates these ciphertexts from every other Data Protection use in the app (cookies, antiforgery).
    private readonly IDataProtector protector = provider.CreateProtector("ChatWidget.Configuration.Secrets.v1");

    public string? Protect(string? plaintext) =>
        string.IsNullOrEmpty(plaintext) ? null : protector.Protect(plaintext);

    public string? Unprotect(string? ciphertext) =>
        string.IsNullOrEmpty(ciphertext) ? null : protector.Unprotect(ciphertext);
}
