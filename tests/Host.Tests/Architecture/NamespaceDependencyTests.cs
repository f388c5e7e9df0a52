using System.Text.RegularExpressions;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.Architecture;

/// <summary>
/// Host's feature namespaces depend one way (endpoints → features → shared state → configuration): read from the
/// sources' <c>using</c> directives and fully qualified names, the namespace graph has no cycle.
/// </summary>
public sealed partial class NamespaceDependencyTests
{
    [Fact]
    public void Hosts_namespaces_form_no_cycle()
    {
        var graph = HostNamespaceGraph();
        Assert.Contains("ChatWidget.Host.Chat", graph.Keys);
        Assert.Contains("ChatWidget.Host.RateLimits", graph["ChatWidget.Host.Chat"]);

        var cycle = FindCycle(graph);

        Assert.True(cycle is null, $"namespace cycle: {string.Join(" → ", cycle ?? [])}");
    }

    [Fact]
    public void The_cycle_finder_finds_a_cycle()
    {
        var graph = new Dictionary<string, HashSet<string>>
        {
            ["A"] = ["B"], ["B"] = ["C"], ["C"] = ["A"], ["D"] = ["A"],
        };

        Assert.Equal(["A", "B", "C", "A"], FindCycle(graph));
    }

    private static Dictionary<string, HashSet<string>> HostNamespaceGraph()
    {
        var sources = Directory.EnumerateFiles(Path.Combine(Repository.Root, "Host"), "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .Select(File.ReadAllText)
            .Select(source => (Namespace: Namespace().Match(source) is { Success: true } own ? own.Groups[1].Value : null, Source: source))
            .Where(file => file.Namespace is not null)
            .ToList();
        var namespaces = sources.Select(file => file.Namespace!).ToHashSet(StringComparer.Ordinal);

        var graph = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (from, source) in sources)
        {
            var edges = graph.TryGetValue(from!, out var known) ? known : graph[from!] = [];
            foreach (Match name in QualifiedName().Matches(Namespace().Replace(source, "")))
            {
                // A using of a namespace, a using static of a type, or a fully qualified name: its namespace is the longest declared prefix.
                var to = Prefixes(name.Value).FirstOrDefault(namespaces.Contains);
                if (to is not null && to != from) edges.Add(to);
            }
        }

        return graph;
    }

    private static IEnumerable<string> Prefixes(string name)
    {
        for (var end = name.Length; end > 0; end = name.LastIndexOf('.', end - 1))
            yield return name[..end];
    }

    /// <summary>The first cycle found by depth-first search, as the path that closes it, or null.</summary>
    private static List<string>? FindCycle(Dictionary<string, HashSet<string>> graph)
    {
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start) is { } cycle) return cycle;
        }

        return null;

        List<string>? Visit(string node)
        {
            var onPath = path.IndexOf(node);
            if (onPath >= 0) return [.. path[onPath..], node];
            if (!done.Add(node)) return null;
            path.Add(node);
            foreach (var next in graph.GetValueOrDefault(node, []).Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } cycle) return cycle;
            }

            path.RemoveAt(path.Count - 1);
            return null;
        }
    }

    [GeneratedRegex(@"^namespace (ChatWidget\.Host(?:\.\w+)*);$", RegexOptions.Multiline)]
    private static partial Regex Namespace();

    [GeneratedRegex(@"ChatWidget\.Host(?:\.\w+)+")]
    private static partial Regex QualifiedName();
}
