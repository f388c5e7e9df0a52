using ChatWidget.HostFixture;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.Embedding;

public sealed class WidgetOptionsTests
{
    [Fact]
    public void Host_refuses_to_start_without_the_built_widget_and_says_how_to_build_it()
    {
        using var factory = new InProcessHost { EnvironmentName = "Development" };
        var missing = Path.Combine(factory.DataDirectory, "no-dist");
        factory.Settings["ChatWidget:Widget:DistDirectory"] = missing;

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("ChatWidget:Widget:DistDirectory", error.Message);
        Assert.Contains("npm run build:widget", error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void Dev_server_url_must_be_an_http_url()
    {
        using var factory = new InProcessHost { Settings = { ["ChatWidget:Widget:DevServerUrl"] = "localhost:5173" } };

        var error = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains("ChatWidget:Widget:DevServerUrl", error.Message);
    }
}
