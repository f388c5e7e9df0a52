namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>
/// How an operator command of Host (<see cref="HostInstance.RunCommandAsync"/>) ended: its exit code, all it wrote
/// (standard output and error, interleaved), and what it wrote to standard error alone.
/// </summary>
public sealed record HostCommandResult(int ExitCode, string Output, string StandardError);
