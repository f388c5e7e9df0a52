using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatWidget.Host.Tests.Hardening;

/// <summary>Runs <c>jose-minter/mint.mjs</c> (Node.js and the jose package): keys and launch tokens made outside .NET.</summary>
public static class JoseMinter
{
    public sealed record Result(IReadOnlyDictionary<string, JsonObject> Jwks, IReadOnlyList<string> Tokens);

    public static async Task<Result> RunAsync(IEnumerable<(string Kid, string Alg)> keys, IEnumerable<(string Kid, JsonObject Claims)> tokens)
    {
        var directory = Path.Combine(SourceDirectory(), "jose-minter");
        if (!File.Exists(Path.Combine(directory, "node_modules", "jose", "package.json")))
            await RunAsync("npm", "ci --no-audit --no-fund", directory, "");

        var plan = new JsonObject
        {
            ["keys"] = new JsonArray(keys.Select(k => (JsonNode)new JsonObject { ["kid"] = k.Kid, ["alg"] = k.Alg }).ToArray()),
            ["tokens"] = new JsonArray(tokens.Select(t => (JsonNode)new JsonObject { ["kid"] = t.Kid, ["claims"] = t.Claims.DeepClone() }).ToArray()),
        };
        var output = JsonNode.Parse(await RunAsync("node", "mint.mjs", directory, plan.ToJsonString()))!;
        var jwks = output["jwks"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.AsObject().DeepClone().AsObject());
        return new Result(jwks, output["tokens"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray());
    }

    public static string JwksDocument(Result result, params string[] kids) =>
        new JsonObject { ["keys"] = new JsonArray(kids.Select(k => (JsonNode)result.Jwks[k].DeepClone()).ToArray()) }.ToJsonString();

    private static async Task<string> RunAsync(string file, string arguments, string directory, string stdin)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}: is Node.js installed?");
        await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await stderr}");
        return await stdout;
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
