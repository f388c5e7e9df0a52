using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.Embedding;

public sealed class WidgetOptionsTests : IDisposable
{
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("chatwidget-widget-options-").FullName;

    public void Dispose() => Directory.Delete(_dataDirectory, recursive: true);

    [Fact]
    public void Host_refuses_to_start_without_the_built_widget_and_says_how_to_build_it()
    {
        var dataDirectory = _dataDirectory;
        var missing = Path.Combine(dataDirectory, "no-dist");
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseEnvironment("Development")
            .UseSetting("ChatWidget:DataDirectory", dataDirectory)
            .UseSetting("ChatWidget:Demo:Enabled", "false")
            .UseSetting("ChatWidget:Widget:DistDirectory", missing));

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("ChatWidget:Widget:DistDirectory", error.Message);
        Assert.Contains("npm run build:widget", error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Dev_server_url_must_be_an_http_url()
    {
        var dataDirectory = _dataDirectory;
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseEnvironment("Testing")
            .UseSetting("ChatWidget:DataDirectory", dataDirectory)
            .UseSetting("ChatWidget:Widget:DevServerUrl", "localhost:5173"));

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("ChatWidget:Widget:DevServerUrl", error.Message);
    }
}
