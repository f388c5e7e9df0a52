using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.EndToEnd;

/// <summary>Chat requests as the widget's frame sends them.</summary>
public static class ChatRequests
{
    public static HttpRequestMessage Completion(string accessToken, string question, bool stream = true, string? origin = TestPlatforms.LmsOrigin)
    {
        var body = JsonSerializer.Serialize(new
        {
            messages = new object[] { new { role = "user", content = question } },
            stream,
        });
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        if (origin is not null) request.Headers.Add("Origin", origin);
        return request;
    }

    /// <summary>The text of an SSE answer, and whether it ended with [DONE].</summary>
    public static (string Text, bool Done) ReadStream(string sse)
    {
        var text = new StringBuilder();
        var done = false;
        foreach (var line in sse.Split('\n'))
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                done = true;
                continue;
            }

            using var chunk = JsonDocument.Parse(data);
            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var content)) text.Append(content.GetString());
            }
        }

        return (text.ToString(), done);
    }
}
