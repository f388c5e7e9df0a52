using System.Reflection;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Reports;

namespace ChatWidget.Benchmarks.TokenPath;

/// <summary>The suite's output file: every operation measured, in the order they ran.</summary>
public sealed record TokenPathReport(IReadOnlyList<TokenPathResult> Results)
{
    /// <summary>The report, or the reasons it cannot be trusted: a benchmark that failed or was never measured.</summary>
    public static (TokenPathReport? Report, IReadOnlyList<string> Problems) From(IEnumerable<Summary> summaries)
    {
        var results = new List<TokenPathResult>();
        var problems = new List<string>();
        foreach (var summary in summaries)
        {
            if (summary.HasCriticalValidationErrors)
                problems.AddRange(summary.ValidationErrors.Where(e => e.IsCritical).Select(e => e.Message));
            foreach (var benchmark in summary.BenchmarksCases)
            {
                // The display name BenchmarkDotNet prints quotes descriptions; the report wants the plain words.
                var method = benchmark.Descriptor.WorkloadMethod;
                var operation = method.GetCustomAttribute<BenchmarkAttribute>()?.Description ?? method.Name;
                var report = summary[benchmark];
                if (report is not { Success: true, ResultStatistics: { } statistics })
                {
                    problems.Add($"{operation}: no measurement (see the BenchmarkDotNet log above).");
                    continue;
                }

                results.Add(new TokenPathResult(operation, statistics.Mean, statistics.StandardError,
                    report.GcStats.GetBytesAllocatedPerOperation(benchmark), 1e9 / statistics.Mean));
            }
        }

        return problems.Count == 0 ? (new TokenPathReport(results), problems) : (null, problems);
    }
}
