using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Embedding.DemoPartner;

/// <summary>Checks the demo settings at start-up, naming the setting, but only when the demo is on.</summary>
internal sealed class DemoPartnerOptionsValidator : IValidateOptions<DemoPartnerOptions>
{
    public ValidateOptionsResult Validate(string? name, DemoPartnerOptions options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;

        const string prefix = DemoPartnerOptions.SectionName + ":";
        var failures = new List<string>();
        if (!IsHttpUrl(options.HostUrl, out var host) || host.AbsolutePath != "/" || host.Query.Length > 0)
        {
            failures.Add($"{prefix}{nameof(DemoPartnerOptions.HostUrl)} must be Host's base URL, scheme://host[:port] (was \"{options.HostUrl}\").");
        }

        if (options.ListenUrl is { Length: > 0 } && (!IsHttpUrl(options.ListenUrl, out var listen) || listen.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{prefix}{nameof(DemoPartnerOptions.ListenUrl)} must be an http:// address such as http://localhost:5081 (was \"{options.ListenUrl}\").");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsHttpUrl(string? value, out Uri uri) =>
        Uri.TryCreate(value, UriKind.Absolute, out uri!) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
