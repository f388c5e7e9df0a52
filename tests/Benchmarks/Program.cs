// The benchmark suite's entry point (`npm run bench`). Each role runs in its own process so that the load
// generator, Host and the fake upstream never share a runtime:
//   run (default)  start the upstream and Host, measure, write docs/benchmarks.md
//   upstream       the fake OpenAI-compatible server the run starts
//   token-path     the BenchmarkDotNet suite the run starts
using ChatWidget.Benchmarks.Run;
using ChatWidget.Benchmarks.TokenPath;
using ChatWidget.Benchmarks.Upstream;

return args.FirstOrDefault() switch
{
    "upstream" => await FakeUpstreamServer.RunAsync(port: 0),
    "token-path" => TokenPathSuite.Run(args.Skip(1).ToArray()),
    "run" => await BenchmarkRun.RunAsync(args.Skip(1).ToArray()),
    _ => await BenchmarkRun.RunAsync(args),
};
