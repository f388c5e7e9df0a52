namespace ChatWidget.Admin.Configuration;

/// <summary>
/// Where to find the embedded demo. The demo partner page signs its launch tokens with the private key in
/// <see cref="GetPrivateKeyPath"/> (PKCS#8 PEM, P-256, ES256) as platform <see cref="PlatformId"/>.
/// </summary>
public static class DemoConfiguration
{
    public const string ModelId = "offline";
    public const string ProfileId = "demo";
    public const string PlatformId = "demo";
    public const string Algorithm = "ES256";
    public const string PrivateKeyFileName = "demo-platform.key";

    /// <param name="dataDirectory">The resolved <see cref="ConfigurationStoreOptions.DataDirectory"/>.</param>
    public static string GetPrivateKeyPath(string dataDirectory) => Path.Combine(dataDirectory, PrivateKeyFileName);

    /// <summary>The demo key path for the configured data directory (options are resolved and validated).</summary>
    public static string GetPrivateKeyPath(ConfigurationStoreOptions options) => GetPrivateKeyPath(options.DataDirectory);
}
