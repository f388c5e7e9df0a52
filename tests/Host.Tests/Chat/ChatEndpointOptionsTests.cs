using ChatWidget.Host.Chat;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.Chat;

public class ChatEndpointOptionsTests
{
    [Fact]
    public async Task Defaults_are_256_KiB_and_depth_16()
    {
        await using var app = new ChatAppFactory();
        var options = app.Services.GetRequiredService<IOptions<ChatEndpointOptions>>().Value;
        Assert.Equal(262144, options.MaxRequestBytes);
        Assert.Equal(16, options.MaxJsonDepth);
    }

    [Theory]
    [InlineData("MaxJsonDepth", "1")]
    [InlineData("MaxRequestBytes", "0")]
    public async Task A_bad_setting_fails_at_start_naming_the_setting(string setting, string value)
    {
        await using var app = new ChatAppFactory().WithWebHostBuilder(b => b.UseSetting($"ChatWidget:Chat:{setting}", value));

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains($"ChatWidget:Chat:{setting}", error.Message);
    }
}
