using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatWidget.Host.Chat;

/// <summary>
/// Reads OpenAI message content, either a string or an array of <c>{"type":"text","text":...}</c> parts,
/// into one string (parts are concatenated). Any other part type (images, audio, files) is refused.
/// </summary>
internal sealed class ChatMessageContentConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartArray:
                return ReadParts(ref reader);
            default:
                throw new ChatRequestFormatException("A message's content must be a string or an array of text parts.");
        }
    }

    private static string ReadParts(ref Utf8JsonReader reader)
    {
        var text = new StringBuilder();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new ChatRequestFormatException("Each content part must be an object like {\"type\":\"text\",\"text\":\"...\"}.");
            }

            string? type = null;
            string? partText = null;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var property = reader.GetString();
                reader.Read();
                switch (property)
                {
                    case "type" when reader.TokenType == JsonTokenType.String:
                        type = reader.GetString();
                        break;
                    case "text" when reader.TokenType == JsonTokenType.String:
                        partText = reader.GetString();
                        break;
                    case "type" or "text":
                        throw new ChatRequestFormatException("A content part's type and text must be strings.");
                    default:
                        reader.Skip();
                        break;
                }
            }

            if (type != "text")
            {
                throw new ChatRequestFormatException("Only text content parts are accepted.");
            }

            text.Append(partText);
        }

        return text.ToString();
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
