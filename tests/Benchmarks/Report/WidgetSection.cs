using System.Text.Json;

namespace ChatWidget.Benchmarks.Report;

/// <summary>The widget's cost to a partner page, from the browser measurement's JSON.</summary>
public static class WidgetSection
{
    public static string Render(JsonElement measured) => "```json\n" + measured + "\n```";
}
