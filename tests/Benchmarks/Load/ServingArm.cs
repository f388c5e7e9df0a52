using ChatWidget.Benchmarks.Processes;

namespace ChatWidget.Benchmarks.Load;

/// <summary>
/// One way of serving the learners in the scale-out comparison: where the clients connect (a Host, or nginx in front
/// of one or two), the Host processes doing the work, and the proxy's processes when there is one.
/// </summary>
public sealed record ServingArm(string Name, Uri Address, ProcessGroup Hosts, ProcessGroup? Proxy);
