namespace ChatWidget.MultiInstance.Tests.Harness;

/// <summary>How an operator command of Host (<see cref="HostInstance.RunCommandAsync"/>) ended: its exit code and all it wrote.</summary>
public sealed record HostCommandResult(int ExitCode, string Output);
