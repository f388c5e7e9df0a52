using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace ChatWidget.Host.Tests.Support;

/// <summary>A platform's JWKS endpoint on loopback (real Kestrel), whose key set the test can rotate.</summary>
public sealed class JwksServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string _document = "{\"keys\":[]}";
    private int _requests;

    private JwksServer(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public int Requests => _requests;

    public static async Task<JwksServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new JwksServer(app);
        app.MapGet("/.well-known/jwks.json", () =>
        {
            Interlocked.Increment(ref server._requests);
            return Results.Text(server._document, "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri($"{address}/.well-known/jwks.json");
        return server;
    }

    /// <summary>Serves exactly this text as the key set: keys made by another JOSE library, or a broken document.</summary>
    public void PublishDocument(string document) => _document = document;

    public void Publish(params (string Kid, AsymmetricAlgorithm Key)[] keys)
    {
        var array = new JsonArray();
        foreach (var (kid, key) in keys)
        {
            array.Add(key switch
            {
                ECDsa ec => Ec(kid, ec.ExportParameters(false)),
                RSA rsa => Rsa(kid, rsa.ExportParameters(false)),
                _ => throw new ArgumentException("Unsupported key type"),
            });
        }

        _document = new JsonObject { ["keys"] = array }.ToJsonString();
    }

    private static JsonObject Ec(string kid, ECParameters p) => new()
    {
        ["kty"] = "EC", ["crv"] = "P-256", ["kid"] = kid, ["use"] = "sig",
        ["x"] = LaunchTokenMinter.Base64Url(p.Q.X!), ["y"] = LaunchTokenMinter.Base64Url(p.Q.Y!),
    };

    private static JsonObject Rsa(string kid, RSAParameters p) => new()
    {
        ["kty"] = "RSA", ["kid"] = kid, ["use"] = "sig",
        ["n"] = LaunchTokenMinter.Base64Url(p.Modulus!), ["e"] = LaunchTokenMinter.Base64Url(p.Exponent!),
    };

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
