using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace ChatWidget.Host.Embedding;

/// <summary>
/// Exposes only the named files of the widget build. The build directory also holds frame.html and chat.html, which
/// must reach browsers only through <c>/widget/frame</c> and <c>/chat</c> with their CSP, never as plain static files.
/// </summary>
internal sealed class WidgetAssetFileProvider(IFileProvider inner, params string[] fileNames) : IFileProvider
{
    private readonly HashSet<string> _allowed = new(fileNames.Select(f => "/" + f), StringComparer.Ordinal);

    public IFileInfo GetFileInfo(string subpath) =>
        _allowed.Contains(Normalize(subpath)) ? inner.GetFileInfo(subpath) : new NotFoundFileInfo(subpath);

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private static string Normalize(string subpath) => subpath.StartsWith('/') ? subpath : "/" + subpath;
}
