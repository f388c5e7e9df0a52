using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;
using ChatWidget.Host.Errors;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Reads a chat request body under a byte limit without trusting Content-Length, then parses it with a depth limit.
/// Errors are OpenAI-shaped and never quote what the client sent.
/// </summary>
public sealed partial class ChatRequestReader(IOptions<ChatEndpointOptions> options)
{
    private readonly ChatEndpointOptions _options = options.Value;

    private static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.General)
    {
        // Unknown fields (temperature, tools, ...) are ignored; the profile decides those.
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Skip,
    };

    public async Task<ChatRequestReadResult> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = _options.MaxRequestBytes;
        if (request.ContentLength > limit)
        {
            return ChatRequestReadResult.Failed(TooLarge(limit));
        }

        var body = request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(cancellationToken);
            var buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                body.AdvanceTo(buffer.Start, buffer.End);
                return ChatRequestReadResult.Failed(TooLarge(limit));
            }

            if (read.IsCompleted || read.IsCanceled)
            {
                try
                {
                    return Parse(buffer);
                }
                finally
                {
                    body.AdvanceTo(buffer.End);
                }
            }

            // Nothing consumed, everything examined: the next read returns the whole body so far plus more.
            body.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private ChatRequestReadResult Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsEmpty)
        {
            return ChatRequestReadResult.Failed(OpenAiError.BadRequest("The request body is empty; send a JSON chat completion request.", "invalid_json"));
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = _options.MaxJsonDepth });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return ChatRequestReadResult.Failed(OpenAiError.BadRequest("The request body must be a JSON object.", "invalid_json"));
            }

            var request = JsonSerializer.Deserialize<ChatCompletionRequest>(ref reader, SerializerOptions);
            // Deserialize stops after the object; anything but whitespace after it makes the body invalid.
            if (reader.Read())
            {
                return ChatRequestReadResult.Failed(OpenAiError.BadRequest("The request body has data after the JSON object.", "invalid_json"));
            }

            return request is null
                ? ChatRequestReadResult.Failed(OpenAiError.BadRequest("The request body must be a JSON object.", "invalid_json"))
                : ChatRequestReadResult.Succeeded(request);
        }
        catch (ChatRequestFormatException e)
        {
            return ChatRequestReadResult.Failed(OpenAiError.BadRequest(e.Message + Where(e.Path), "invalid_request"));
        }
        catch (JsonException e) when (reader.CurrentDepth >= _options.MaxJsonDepth || e.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            return ChatRequestReadResult.Failed(OpenAiError.BadRequest(
                $"The request body is nested deeper than {_options.MaxJsonDepth} levels.", "invalid_json"));
        }
        catch (JsonException e)
        {
            // System.Text.Json's own messages can quote characters of the body, so they are replaced, keeping only the path.
            var message = e.Path is null
                ? "The request body is not valid JSON."
                : "The request body is not a valid chat completion request: a field has the wrong type or is malformed" + Where(e.Path) + ".";
            return ChatRequestReadResult.Failed(OpenAiError.BadRequest(message, "invalid_json"));
        }
        catch (InvalidOperationException)
        {
            // Thrown by System.Text.Json for strings that are not valid UTF-16 (e.g. an escaped lone surrogate).
            return ChatRequestReadResult.Failed(OpenAiError.BadRequest("The request body contains text that is not valid Unicode.", "invalid_json"));
        }
    }

    private static string Where(string? path) =>
        path is not null && path.Length <= 64 && SafePath().IsMatch(path) ? $" (at {path})" : "";

    private static IResult TooLarge(int limit) =>
        OpenAiError.TooLarge($"The request body is larger than {limit} bytes. Shorten the conversation and try again.");

    // JSON paths built from our own field names and indexes; anything else could carry client text.
    [GeneratedRegex(@"^\$(\.[a-z_]+|\[\d+\])*$")]
    private static partial Regex SafePath();
}
