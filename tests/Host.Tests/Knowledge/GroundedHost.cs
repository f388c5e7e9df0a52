using System.Net;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Admin.Configuration.Knowledge;
using ChatWidget.Host.Tests.EndToEnd;
using ChatWidget.Host.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatWidget.Host.Tests.Knowledge;

/// <summary>
/// Host on the fake upstream (the real client stack) whose profile <c>support</c> answers from knowledge base
/// <c>cs101</c> in an <see cref="InMemoryKnowledgeIndex"/>, with a syllabus and a handbook in it.
/// </summary>
public sealed class GroundedHost : IAsyncDisposable
{
    public const string GradingText = "Late work loses ten percent of its grade per day.";
    public const string OfficeHoursText = "Office hours are on Tuesdays from two to four in room B12.";
    public const string SyllabusUrl = "https://lms.example.edu/cs101/syllabus";

    private GroundedHost(UpstreamHost stack, InMemoryKnowledgeIndex index)
    {
        Stack = stack;
        Index = index;
    }

    public UpstreamHost Stack { get; }

    public InMemoryKnowledgeIndex Index { get; }

    public FakeOpenAiUpstream Upstream => Stack.Upstream;

    public static async Task<GroundedHost> StartAsync(Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null)
    {
        var index = new InMemoryKnowledgeIndex();
        index.Add("cs101", "doc-12", "Syllabus", "Grading › Late work", GradingText, tokens: 12, url: SyllabusUrl);
        index.Add("cs101", "doc-13", "Student handbook", "Office hours", OfficeHoursText, tokens: 14);
        var stack = await UpstreamHost.StartAsync(settings: settings, services: s =>
        {
            s.RemoveAll<IKnowledgeIndex>();
            s.AddSingleton<IKnowledgeIndex>(index);
            services?.Invoke(s);
        });
        var host = new GroundedHost(stack, index);
        host.UpdateProfile(p => p with { Knowledge = [], Grounding = new GroundingSettings(["cs101"], 1500, false, null) });
        return host;
    }

    public void UpdateProfile(Func<ProfileSettings, ProfileSettings> change) => Stack.Host.Configuration.Update(s => s with
    {
        Profiles = new Dictionary<string, ProfileSettings>(s.Profiles) { ["support"] = change(s.Profiles["support"]) },
    });

    /// <summary>Asks one question as a learner; the answer's body (SSE text or the chat.completion JSON).</summary>
    public async Task<string> AskAsync(string question, bool stream = true)
    {
        var token = await Stack.LaunchAsync();
        using var response = await Stack.Host.CreateClient().SendAsync(ChatRequests.Completion(token, question, stream));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return body;
    }

    /// <summary>The system message of the upstream's last request.</summary>
    public string SystemPrompt() => SystemPromptOf(Upstream);

    public static string SystemPromptOf(FakeOpenAiUpstream upstream)
    {
        var message = upstream.Requests[^1].Body.GetProperty("messages")[0];
        Assert.Equal("system", message.GetProperty("role").GetString());
        var content = message.GetProperty("content");
        return content.ValueKind == JsonValueKind.String
            ? content.GetString()!
            : string.Concat(content.EnumerateArray().Select(p => p.GetProperty("text").GetString()));
    }

    /// <summary>The <c>sources</c> of a streamed answer's finish chunk, or null when it has none.</summary>
    public static JsonElement? StreamedSources(string sse)
    {
        var chunks = sse.Split('\n').Where(l => l.StartsWith("data: {", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l["data: ".Length..]).RootElement).ToList();
        Assert.DoesNotContain(chunks.Where(c => !IsFinish(c)), c => c.TryGetProperty("sources", out _));
        var finish = Assert.Single(chunks, IsFinish);
        return finish.TryGetProperty("sources", out var sources) ? sources : null;
    }

    public static IEnumerable<(int Index, string Id, string Title, string? Url)> Items(JsonElement sources) =>
        sources.EnumerateArray().Select(s => (s.GetProperty("index").GetInt32(), s.GetProperty("id").GetString()!, s.GetProperty("title").GetString()!,
            s.TryGetProperty("url", out var url) ? url.GetString() : null));

    private static bool IsFinish(JsonElement chunk) =>
        chunk.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0 && choices[0].GetProperty("finish_reason").ValueKind == JsonValueKind.String;

    public ValueTask DisposeAsync() => Stack.DisposeAsync();
}
