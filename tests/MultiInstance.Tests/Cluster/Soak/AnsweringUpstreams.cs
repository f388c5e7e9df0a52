using System.Text.RegularExpressions;

namespace ChatWidget.MultiInstance.Tests.Cluster.Soak;

/// <summary>
/// Which upstream answered each tagged request (<c>?tag=...</c>), from nginx's access log in NginxServer's format
/// (<c>$remote_addr "$request" $status upstream=$upstream_addr upstream_status=...</c>). When nginx tried several, it
/// lists them in order (<c>127.0.0.1:5001, 127.0.0.1:5002</c>): the last one is the one whose answer the client got.
/// </summary>
public static partial class AnsweringUpstreams
{
    public static IReadOnlyDictionary<string, string> ByTag(IEnumerable<string> accessLog)
    {
        var byTag = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in accessLog)
        {
            var match = TaggedRequest().Match(line);
            if (!match.Success) continue;
            byTag[match.Groups["tag"].Value] = match.Groups["upstreams"].Value.Split(',', StringSplitOptions.TrimEntries)[^1];
        }

        return byTag;
    }

    [GeneratedRegex("""^\S+ "\S+ [^"?]*\?(?:[^"]*&)?tag=(?<tag>[^ &"]+)[^"]*" \d{3} upstream=(?<upstreams>.*?) upstream_status=""")]
    private static partial Regex TaggedRequest();
}
