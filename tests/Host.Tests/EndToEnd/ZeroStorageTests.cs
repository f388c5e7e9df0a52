using System.Net;
using System.Text;
using ChatWidget.Host.Tests.Support;

namespace ChatWidget.Host.Tests.EndToEnd;

/// <summary>
/// The promise to learners: nothing of a conversation, and not their id, is kept. A conversation made of canary
/// strings runs through every path (streamed, not streamed, refreshed, failed); afterwards the canaries are in no
/// log line at Trace level and in no file under the data directory, database included.
/// </summary>
public sealed class ZeroStorageTests
{
    [Fact]
    public async Task No_conversation_text_learner_id_or_api_key_is_logged_or_written()
    {
        var question = $"CANARY-QUESTION-{Guid.NewGuid():N}";
        var answer = $"CANARY-ANSWER-{Guid.NewGuid():N}";
        var subject = $"CANARY-SUB-{Guid.NewGuid():N}";
        var stack = await UpstreamHost.StartAsync();
        string logText;
        string dataDirectory;
        try
        {
            stack.Upstream.Scenario = new() { Chunks = [answer, " and more"] };
            var token = await stack.LaunchAsync(subject);
            var client = stack.Host.CreateClient();

            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, question))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(ChatRequests.Completion(token, question, stream: false))).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await stack.Host.RefreshAsync(token)).StatusCode);
            stack.Upstream.Scenario = new() { Chunks = [answer, "!"], BreakAfterChunks = 1 };
            await (await client.SendAsync(ChatRequests.Completion(token, question))).Content.ReadAsStringAsync();
            stack.Upstream.Scenario = new() { FailWithStatus = 500 };
            await client.SendAsync(ChatRequests.Completion(token, question));
            Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(ChatRequests.Completion(token, question + new string('x', 5000)))).StatusCode);

            Assert.NotEmpty(stack.Upstream.Requests);
        }
        finally
        {
            logText = stack.Host.Logs.AllText;
            dataDirectory = stack.Host.DataDirectory;
            Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "chatwidget-zero-storage"));
            CopyDirectory(dataDirectory, Path.Combine(Path.GetTempPath(), "chatwidget-zero-storage", Guid.NewGuid().ToString("N")), out dataDirectory);
            await stack.DisposeAsync();
        }

        Assert.Contains("Session", logText); // the log was captured, at Trace level
        foreach (var canary in new[] { question, answer, subject, UpstreamHost.ApiKey })
        {
            Assert.DoesNotContain(canary, logText);
            foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories))
            {
                var bytes = await File.ReadAllBytesAsync(file);
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(canary)), $"{canary[..12]} found in {Path.GetFileName(file)}");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(canary)), $"{canary[..12]} found (UTF-16) in {Path.GetFileName(file)}");
            }
        }

        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>Copies the data directory while Host still runs, so the SQLite WAL file is caught before checkpointing.</summary>
    private static void CopyDirectory(string source, string target, out string copied)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            using var input = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var output = File.Create(destination);
            input.CopyTo(output);
        }

        copied = target;
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
