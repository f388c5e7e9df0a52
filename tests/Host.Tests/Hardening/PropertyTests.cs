using System.Net.ServerSentEvents;
using System.Text;
using System.Text.Json;
using ChatWidget.Admin.Configuration;
using ChatWidget.Host.Chat;
using ChatWidget.Host.Errors;
using ChatWidget.Host.Tests.Chat;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace ChatWidget.Host.Tests.Hardening;

/// <summary>Properties over arbitrary input: the chat request validator, and the SSE writer read back by a standard SSE parser.</summary>
public sealed class PropertyTests
{
    private static readonly InputLimits Limits = new(MaxMessageChars: 40, MaxMessages: 6, MaxTotalChars: 120);
    private static readonly ProfileSettings Profile = TestConfiguration.Profile(Limits);
    private static readonly string[] Roles = ["user", "assistant", "system", "developer", "tool", "USER", "", "function"];
    private static readonly ChatCompletionRequestValidator Validator = new();

    private static ChatCompletionRequest Request(byte[] roles, string?[] contents) => new()
    {
        Messages = contents.Select((content, i) => new ChatRequestMessage
        {
            Role = Roles[(i < roles.Length ? roles[i] : 0) % Roles.Length],
            Content = content,
        }).ToArray(),
    };

    [Property(MaxTest = 500)]
    public bool A_request_the_validator_accepts_keeps_every_rule(byte[] roles, string?[] contents)
    {
        var request = Request(roles, contents);
        var result = Validator.Validate(ChatCompletionRequestValidator.ContextFor(request, Profile));
        if (!result.IsValid) return result.Errors[0].ErrorCode is { Length: > 0 };

        var messages = request.Messages!;
        return messages.Count is > 0 and <= 6
               && messages.All(m => m.Role is "user" or "assistant" && m.Content is not null && !m.Content.Contains('\0'))
               && messages[^1].Role == "user"
               && messages.Where(m => m.Role == "user").All(m => m.Content!.Length <= Limits.MaxMessageChars)
               && messages.Sum(m => m.Content!.Length) <= Limits.MaxTotalChars;
    }

    [Property(MaxTest = 300)]
    public bool A_system_developer_or_tool_message_is_always_refused_as_invalid_role(byte which, string?[] contents)
    {
        var role = new[] { "system", "developer", "tool" }[which % 3];
        var request = new ChatCompletionRequest
        {
            Messages = [new ChatRequestMessage { Role = role, Content = "x" }, .. contents.Take(3).Select(c => new ChatRequestMessage { Role = "user", Content = c })],
        };

        var result = Validator.Validate(ChatCompletionRequestValidator.ContextFor(request, Profile));
        return !result.IsValid && result.Errors[0].ErrorCode == "invalid_role";
    }

    [Property(MaxTest = 300)]
    public bool Validation_messages_never_quote_the_content(NonEmptyString content, byte[] roles)
    {
        var canary = "Q" + content.Get.Replace("\0", "") + "Z";
        var request = Request(roles, [canary + new string('x', 50), canary]);
        var result = Validator.Validate(ChatCompletionRequestValidator.ContextFor(request, Profile));
        return result.IsValid || !result.Errors[0].ErrorMessage.Contains(canary, StringComparison.Ordinal);
    }

    [Property(MaxTest = 200)]
    public Property The_SSE_stream_reads_back_as_written_whatever_the_text() =>
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string[]>().Select(a => a.Select(Scrub).ToArray())), deltas =>
        {
            var body = new MemoryStream();
            var writer = new ChatCompletionStreamWriter(body, "chatcmpl-1", 1, "support");
            writer.WriteDelta("assistant", "");
            foreach (var delta in deltas) writer.WriteDelta(null, delta);
            writer.WriteFinish("stop");
            writer.WriteDoneAsync(CancellationToken.None).GetAwaiter().GetResult();

            body.Position = 0;
            var events = SseParser.Create(body).Enumerate().Select(e => e.Data).ToList();
            var text = new StringBuilder();
            foreach (var data in events.Take(events.Count - 1))
            {
                var choice = JsonDocument.Parse(data).RootElement.GetProperty("choices")[0];
                if (choice.GetProperty("delta").TryGetProperty("content", out var content)) text.Append(content.GetString());
            }

            return events.Count == deltas.Length + 3
                   && events[^1] == "[DONE]"
                   && text.ToString() == string.Concat(deltas)
                   && ChatRequestsText(body) == string.Concat(deltas);
        });

    [Property(MaxTest = 200)]
    public Property An_error_event_carries_its_message_intact() =>
        Prop.ForAll(Arb.From(ArbMap.Default.GeneratorFor<string>().Select(s => Scrub(s))), message =>
        {
            var body = new MemoryStream();
            var writer = new ChatCompletionStreamWriter(body, "chatcmpl-1", 1, "support");
            writer.WriteError(new OpenAiError(message, "server_error", "upstream_error"));
            writer.FlushAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();

            body.Position = 0;
            var data = Assert.Single(SseParser.Create(body).Enumerate()).Data;
            return JsonDocument.Parse(data).RootElement.GetProperty("error").GetProperty("message").GetString() == message;
        });

    /// <summary>The test suite's own line-based reader (used by the end-to-end tests) agrees with the standard parser.</summary>
    private static string ChatRequestsText(MemoryStream body) =>
        EndToEnd.ChatRequests.ReadStream(Encoding.UTF8.GetString(body.ToArray())).Text;

    // A model's text is valid UTF-16; lone surrogates cannot be produced by any upstream and are not what is tested here.
    private static string Scrub(string? s) =>
        s is null ? "" : new string(s.Select((c, i) => char.IsSurrogate(c) && !IsPaired(s, i) ? '?' : c).ToArray());

    private static bool IsPaired(string s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) : i > 0 && char.IsHighSurrogate(s[i - 1]);
}
