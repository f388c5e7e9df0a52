using ChatWidget.Host.SharedState;
using ChatWidget.TestServers;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChatWidget.Host.Tests.SharedState;

/// <summary>Host settings and services that put one test's shared state in a real Redis, under a key prefix of its own.</summary>
public static class RedisTestSettings
{
    public static string NewPrefix() => "t" + Guid.NewGuid().ToString("N")[..12] + ":";

    /// <summary>The settings an operator would write, plus a prefix that keeps this test's keys apart.</summary>
    public static Dictionary<string, string?> For(RedisServer server, string prefix) => new()
    {
        ["ConnectionStrings:Redis"] = server.ConnectionString,
        ["ChatWidget:SharedState:KeyPrefix"] = prefix,
    };

    public static SharedRedis Connection(RedisServer server, string prefix) =>
        new(new RedisConnectionString(server.ConnectionString), Options.Create(new SharedStateOptions { KeyPrefix = prefix }),
            NullLogger<SharedRedis>.Instance);
}
