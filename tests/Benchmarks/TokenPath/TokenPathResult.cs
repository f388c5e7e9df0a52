namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>One measured operation as the orchestrator reads it from the suite's JSON.</summary>
/// <param name="Operation">What was measured, in words, with the Host type that does it.</param>
/// <param name="StdErrNs">Standard error of <paramref name="MeanNs"/>.</param>
/// <param name="AllocatedBytes">Managed bytes allocated per operation; null when the memory diagnoser had no figure.</param>
/// <param name="PerSecondOneCore">Operations per second on one core if nothing else ran: 1e9 / mean.</param>
public sealed record TokenPathResult(string Operation, double MeanNs, double StdErrNs, long? AllocatedBytes, double PerSecondOneCore);
