// The benchmark suite's entry point: `run` (the default) measures and reports; the other roles are the
// processes it starts, so load generator, Host and fake upstream never share a runtime.
using ChatWidget.Benchmarks.TokenPath;

return args.FirstOrDefault() switch
{
    "token-path" => TokenPathSuite.Run(args.Skip(1).ToArray()),
    _ => throw new NotImplementedException(),
};
