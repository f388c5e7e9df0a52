using System.Net.Http.Headers;
using System.Text;
using ChatWidget.Host.Tests.EndToEnd;
using ChatWidget.Host.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.Hardening;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task A_stopping_Host_lets_an_answer_in_progress_finish()
    {
        await using var stack = await UpstreamStack.StartAsync(new Dictionary<string, string?> { ["ChatWidget:Shutdown:DrainSeconds"] = "20" },
            withFallback: false, realSocket: true);
        Assert.Equal(TimeSpan.FromSeconds(20), stack.Host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
        stack.Primary.Scenario = new FakeUpstreamScenario { Chunks = ["a", "b", "c", "d", "e", "f"], ChunkInterval = TimeSpan.FromMilliseconds(300) };
        using var http = new HttpClient { BaseAddress = stack.Host.CreateClient().BaseAddress };
        var request = ChatRequests.Completion(await stack.LaunchAsync(), "Hi");

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await stack.Primary.FirstChunkSent;
        stack.Host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        var sse = await new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8).ReadToEndAsync();

        Assert.Equal(("abcdef", true), ChatRequests.ReadStream(sse));
    }
}
