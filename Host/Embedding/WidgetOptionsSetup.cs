using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Embedding;

/// <summary>
/// Resolves the widget directory against the content root and checks it at start-up: a Host without its
/// widget would serve a page with a dead launcher, so it refuses to start and says how to build it.
/// </summary>
internal sealed class WidgetOptionsSetup(IHostEnvironment environment)
    : IPostConfigureOptions<WidgetOptions>, IValidateOptions<WidgetOptions>
{
    // The files Host serves; the build writes all of them.
    public static readonly string[] RequiredFiles = ["widget.js", "frame.js", "frame.css", "frame.html", "chat.html", "lti.html"];

    public void PostConfigure(string? name, WidgetOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.DistDirectory))
        {
            options.DistDirectory = Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.DistDirectory));
        }

        if (string.IsNullOrWhiteSpace(options.DevServerUrl)) options.DevServerUrl = null;
    }

    public ValidateOptionsResult Validate(string? name, WidgetOptions options)
    {
        const string prefix = WidgetOptions.SectionName + ":";
        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.DistDirectory))
        {
            failures.Add($"{prefix}{nameof(WidgetOptions.DistDirectory)} must name the widget build directory (Widget/dist).");
        }
        else if (!environment.IsEnvironment("Testing"))
        {
            // Tests that do not touch the widget may run before it is built; everywhere else a missing file is fatal.
            var missing = RequiredFiles.Where(f => !File.Exists(Path.Combine(options.DistDirectory, f))).ToList();
            if (missing.Count > 0)
            {
                failures.Add($"{prefix}{nameof(WidgetOptions.DistDirectory)}: \"{options.DistDirectory}\" lacks {string.Join(", ", missing)}. " +
                             "Build the widget with `npm run build:widget` at the repository root (or point the setting at a built Widget/dist).");
            }
        }

        if (options.DevServerUrl is not null
            && (!Uri.TryCreate(options.DevServerUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add($"{prefix}{nameof(WidgetOptions.DevServerUrl)} must be an absolute http(s) URL (was \"{options.DevServerUrl}\").");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
