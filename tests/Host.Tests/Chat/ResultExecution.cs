using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ChatWidget.Host.Tests.Chat;

internal static class ResultExecution
{
    /// <summary>Runs an <see cref="IResult"/> against a bare HttpContext and returns the status and JSON body.</summary>
    public static async Task<(int Status, JsonElement Body)> ExecuteAsync(IResult result)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var body = new MemoryStream();
        http.Response.Body = body;
        await result.ExecuteAsync(http);
        body.Position = 0;
        using var document = await JsonDocument.ParseAsync(body);
        return (http.Response.StatusCode, document.RootElement.Clone());
    }
}
