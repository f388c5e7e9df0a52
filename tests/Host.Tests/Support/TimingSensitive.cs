namespace ChatWidget.Host.Tests.Support;

/// <summary>
/// Tests that assert how fast something happens (an upstream seeing a disconnect within a second) run alone,
/// after the parallel tests, so that a busy machine measures the product rather than the test run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingSensitive
{
    public const string Name = "Timing-sensitive";
}
