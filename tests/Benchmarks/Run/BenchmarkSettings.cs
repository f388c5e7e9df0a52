using System.Globalization;
using ChatWidget.Benchmarks.Upstream;
using ChatWidget.Host.Llm;

namespace ChatWidget.Benchmarks.Run;

/// <summary>
/// The parameters of a benchmark run, from the command line (<c>npm run bench -- --levels 100,500</c>). Defaults
/// are the issue's figures; <c>--quick</c> shrinks everything for a smoke run whose numbers mean little.
/// </summary>
public sealed record BenchmarkSettings
{
    public StreamShape StreamShape { get; init; } = new(50, 20, 20);

    public StreamShape LatencyShape { get; init; } = new(20, 5, 20);

    public IReadOnlyList<int> StreamLevels { get; init; } = [100, 500, 1000, 2000];

    /// <summary>Each level's streams start evenly spread over this time.</summary>
    public int RampUpMilliseconds { get; init; } = 500;

    /// <summary>Extra environment variables for Host (e.g. <c>DOTNET_gcServer=0</c>), to compare settings.</summary>
    public IReadOnlyDictionary<string, string> HostEnvironment { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<int> LatencyConcurrency { get; init; } = [1, 64];

    public int LatencyPairs { get; init; } = 400;

    /// <summary>Each path's share of the answers-in-the-same-time window (half in each of two rounds); 0 leaves it out.</summary>
    public int ThroughputSeconds { get; init; } = 20;

    public int WarmupPairs { get; init; } = 100;

    public int Exchanges { get; init; } = 4000;

    public int ExchangeConcurrency { get; init; } = 8;

    public IReadOnlyList<OpenAiClientLibrary> Clients { get; init; } = [OpenAiClientLibrary.Relay, OpenAiClientLibrary.Official, OpenAiClientLibrary.Betalgo];

    public bool Quick { get; init; }

    public bool RunClients { get; init; } = true;

    public bool RunSharedState { get; init; } = true;

    public bool RunScaleOut { get; init; } = true;

    public bool RunTokenPath { get; init; } = true;

    public bool RunWidget { get; init; } = true;

    public bool RunKnowledge { get; init; } = true;

    /// <summary>Timed knowledge searches per database engine, at 10,000 chunks (after 100 warm-up searches).</summary>
    public int KnowledgeSearches { get; init; } = 2000;

    public int WidgetRuns { get; init; } = 15;

    /// <summary>In-memory/Redis launch pairs, one client.</summary>
    public int SharedStateLaunchPairs { get; init; } = 2000;

    /// <summary>In-memory/Redis chat-turn pairs, one client.</summary>
    public int SharedStateTurnPairs { get; init; } = 400;

    public int SharedStateWarmupPairs { get; init; } = 100;

    public int ScaleOutClients { get; init; } = 64;

    /// <summary>Each round's launch window per arm; the chat window is <see cref="ScaleOutChatSeconds"/>.</summary>
    public int ScaleOutLaunchSeconds { get; init; } = 5;

    public int ScaleOutChatSeconds { get; init; } = 10;

    /// <summary>Rounds over all arms, each round in a different order.</summary>
    public int ScaleOutRounds { get; init; } = 3;

    /// <summary>Where the report goes; null: docs/benchmarks.md, or for a --quick run a temporary file, so a smoke run
    /// never overwrites the report of a real one.</summary>
    public string? ReportFile { get; init; }

    /// <summary>The command line as given, for the report.</summary>
    public string CommandLine { get; init; } = "";

    public const string Usage = """
        npm run bench [-- options]
          --levels 100,500,1000,2000      simultaneous streams per level
          --stream-chunks 50              content chunks per streamed answer
          --stream-interval-ms 20         pause between chunks
          --stream-ttft-ms 20             pause before the first chunk
          --ramp-up-ms 500                each level's streams start spread evenly over this time
          --latency-chunks 20             the same three for the added-latency scenario
          --latency-interval-ms 5
          --latency-ttft-ms 20
          --latency-concurrency 1,64      clients sending at once
          --latency-pairs 400             direct/nginx/Host triples per concurrency (after 100 warm-up triples)
          --throughput-seconds 20         answers completed in this time per path at the highest latency concurrency (0: skip)
          --exchanges 4000                launch exchanges per algorithm
          --clients Relay,Official,Betalgo  OpenAI clients to compare (Host's relay, the official SDK, Betalgo)
          --shared-state-launches 2000    in-memory/Redis launch pairs, one client (after 100 warm-up pairs)
          --shared-state-turns 400        in-memory/Redis chat-turn pairs, one client (after 100 warm-up pairs)
          --scale-out-clients 64          clients at once against one Host, nginx + one Host, nginx + two Hosts
          --scale-out-seconds 10          each arm's chat window per round (its launch window is half as long)
          --scale-out-rounds 3            rounds over the three arms, each round in another order
          --knowledge-searches 2000       timed knowledge index searches per engine at 10,000 chunks (section 9)
          --skip token-path,widget        leave out any of: clients (sections 1-4), shared-state, scale-out,
                                          token-path (the BenchmarkDotNet suite), widget (the browser measurement),
                                          knowledge (section 9)
          --widget-runs 15                page loads per widget measurement
          --host-env NAME=VALUE           an environment variable for Host (repeatable), e.g. DOTNET_gcServer=0
          --out FILE                      the report file (default docs/benchmarks.md)
          --quick                         a smoke run: small numbers everywhere; the report goes to a temporary file
        """;

    public static BenchmarkSettings Parse(IReadOnlyList<string> args)
    {
        var settings = args.Contains("--quick")
            ? new BenchmarkSettings
            {
                Quick = true, StreamLevels = [50, 100], LatencyPairs = 50, ThroughputSeconds = 4, WarmupPairs = 20, Exchanges = 300, WidgetRuns = 3,
                SharedStateLaunchPairs = 200, SharedStateTurnPairs = 10, SharedStateWarmupPairs = 5,
                ScaleOutLaunchSeconds = 1, ScaleOutChatSeconds = 2, ScaleOutRounds = 1, KnowledgeSearches = 200,
                ReportFile = Path.Combine(Path.GetTempPath(), "chatwidget-benchmarks-quick.md"),
            }
            : new BenchmarkSettings();
        settings = settings with { CommandLine = string.Join(' ', args.Prepend("npm run bench --")).TrimEnd('-', ' ') };

        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--quick") continue;
            if (i + 1 >= args.Count) throw new ArgumentException($"{name} needs a value.\n{Usage}");
            var value = args[++i];
            settings = name switch
            {
                "--levels" => settings with { StreamLevels = Integers(name, value) },
                "--stream-chunks" => settings with { StreamShape = settings.StreamShape with { Chunks = Integer(name, value) } },
                "--stream-interval-ms" => settings with { StreamShape = settings.StreamShape with { IntervalMilliseconds = Integer(name, value) } },
                "--stream-ttft-ms" => settings with { StreamShape = settings.StreamShape with { FirstTokenMilliseconds = Integer(name, value) } },
                "--latency-chunks" => settings with { LatencyShape = settings.LatencyShape with { Chunks = Integer(name, value) } },
                "--latency-interval-ms" => settings with { LatencyShape = settings.LatencyShape with { IntervalMilliseconds = Integer(name, value) } },
                "--latency-ttft-ms" => settings with { LatencyShape = settings.LatencyShape with { FirstTokenMilliseconds = Integer(name, value) } },
                "--latency-concurrency" => settings with { LatencyConcurrency = Integers(name, value) },
                "--latency-pairs" => settings with { LatencyPairs = Integer(name, value) },
                "--throughput-seconds" => settings with { ThroughputSeconds = Integer(name, value) },
                "--exchanges" => settings with { Exchanges = Integer(name, value) },
                "--clients" => settings with { Clients = value.Split(',').Select(c => Client(name, c)).ToArray() },
                "--skip" => Skip(settings, value),
                "--widget-runs" => settings with { WidgetRuns = Integer(name, value) },
                "--shared-state-launches" => settings with { SharedStateLaunchPairs = Positive(name, value) },
                "--shared-state-turns" => settings with { SharedStateTurnPairs = Positive(name, value) },
                "--scale-out-clients" => settings with { ScaleOutClients = Positive(name, value) },
                "--scale-out-seconds" => settings with { ScaleOutChatSeconds = Positive(name, value), ScaleOutLaunchSeconds = Math.Max(1, Positive(name, value) / 2) },
                "--scale-out-rounds" => settings with { ScaleOutRounds = Positive(name, value) },
                "--knowledge-searches" => settings with { KnowledgeSearches = Positive(name, value) },
                "--out" => settings with { ReportFile = Path.GetFullPath(value) },
                "--ramp-up-ms" => settings with { RampUpMilliseconds = Integer(name, value) },
                "--host-env" => settings with { HostEnvironment = WithVariable(settings.HostEnvironment, value) },
                _ => throw new ArgumentException($"Unknown option {name}.\n{Usage}"),
            };
        }
        if (settings.StreamShape.Chunks == 0 || settings.LatencyShape.Chunks == 0)
            throw new ArgumentException("--stream-chunks and --latency-chunks take at least 1.");
        return settings;
    }

    private static Dictionary<string, string> WithVariable(IReadOnlyDictionary<string, string> variables, string assignment)
    {
        var parts = assignment.Split('=', 2);
        if (parts.Length != 2 || parts[0].Length == 0)
            throw new ArgumentException($"--host-env takes NAME=VALUE, not '{assignment}'.");
        return new Dictionary<string, string>(variables) { [parts[0]] = parts[1] };
    }

    private static BenchmarkSettings Skip(BenchmarkSettings settings, string value)
    {
        foreach (var part in value.Split(','))
        {
            settings = part switch
            {
                "clients" => settings with { RunClients = false },
                "shared-state" => settings with { RunSharedState = false },
                "scale-out" => settings with { RunScaleOut = false },
                "token-path" => settings with { RunTokenPath = false },
                "widget" => settings with { RunWidget = false },
                "knowledge" => settings with { RunKnowledge = false },
                _ => throw new ArgumentException($"--skip takes clients, shared-state, scale-out, token-path, widget and knowledge, not '{part}'."),
            };
        }
        return settings;
    }

    private static int Integer(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new ArgumentException($"{name} takes a whole number of at least 0, not '{value}'.");

    private static int Positive(string name, string value) =>
        Integer(name, value) is > 0 and var number ? number : throw new ArgumentException($"{name} takes a positive whole number, not '{value}'.");

    private static int[] Integers(string name, string value)
    {
        var numbers = value.Split(',').Select(v => Integer(name, v)).ToArray();
        return numbers.All(n => n > 0) ? numbers : throw new ArgumentException($"{name} takes positive whole numbers.");
    }

    private static OpenAiClientLibrary Client(string name, string value) =>
        Enum.TryParse<OpenAiClientLibrary>(value, ignoreCase: true, out var client) && Enum.IsDefined(client)
            ? client
            : throw new ArgumentException($"{name} takes {string.Join(", ", Enum.GetNames<OpenAiClientLibrary>())}, not '{value}'.");
}
