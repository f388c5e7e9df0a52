using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.NoEmit;
using Perfolizer.Horology;

namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>
/// How the token-path suite runs: in this process (no generated child project to build, so `npm run bench` stays
/// quick and needs no SDK round-trip), with a short job that keeps the whole suite around a minute on two cores.
/// </summary>
public static class TokenPathConfig
{
    public static IConfig Create(bool quick, string artifactsPath) =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job(quick))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(artifactsPath);

    /// <summary>For <see cref="LaunchExchangeBenchmarks"/>: one fresh launch token per invocation, so the count per iteration is fixed.</summary>
    public static IConfig CreateForTokenPool(bool quick, string artifactsPath) =>
        ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job(quick).WithInvocationCount(LaunchExchangeBenchmarks.ExchangesPerIteration).WithUnrollFactor(1))
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithArtifactsPath(artifactsPath);

    private static Job Job(bool quick) =>
        new Job(quick ? "TokenPathQuick" : "TokenPath")
            .WithToolchain(InProcessNoEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(quick ? 1 : 3)
            .WithIterationCount(quick ? 3 : 10)
            .WithIterationTime(TimeInterval.FromMilliseconds(quick ? 100 : 250));
}
