using ChatWidget.Benchmarks.Processes;

namespace ChatWidget.Benchmarks.Load;

/// <summary>One arm of a side-by-side comparison: a Host process, where it listens, and what it is called in the report.</summary>
public sealed record ComparedHost(string Name, Uri Address, ProcessSampler Process);
