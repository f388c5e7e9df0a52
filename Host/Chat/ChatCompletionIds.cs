using System.Security.Cryptography;

namespace ChatWidget.Host.Chat;

/// <summary>Ids of completions, in OpenAI's <c>chatcmpl-…</c> form.</summary>
internal static class ChatCompletionIds
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string New() => "chatcmpl-" + RandomNumberGenerator.GetString(Alphabet, 24);
}
